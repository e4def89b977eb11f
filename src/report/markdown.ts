import { escapeMarkdown as m } from './escape.js';
import { headerItems } from './header.js';
import type { Section } from './section-types.js';

/** The same summary for a wiki or a pull request, with the charts as PNG. */
export function reportMarkdown(sections: Section[], chartFile: (s: Section, name: string) => string): string {
  const runs = sections.map((s) => s.part.run);
  const lines = ['# Strata report', ''];
  for (const { label, value } of headerItems(runs)) lines.push(`- ${label}: ${m(value)}`);
  lines.push('');
  for (const s of sections) {
    lines.push(`## ${m(s.title)}`, '');
    for (const w of s.warnings) lines.push(`> **Warning:** ${m(w.message)}`, '');
    for (const w of s.words) lines.push(m(w), '');
    for (const c of s.charts) {
      lines.push(`![${m(c.title)}](${chartFile(s, c.name)})`, '');
      if (c.note) lines.push(`*${m(c.note)}*`, '');
    }
    for (const t of s.tables) {
      lines.push(`**${m(t.title)}**`, '');
      lines.push(`| ${t.header.map(m).join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`);
      for (const r of t.rows) lines.push(`| ${r.map(m).join(' | ')} |`);
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}
