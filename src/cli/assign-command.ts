import type { Command } from 'commander';
import { type AssignSummary, assign, load, readStaff } from '../index.js';
import { formatExact, formatNumber } from '../util/format.js';
import { OutputDir, outFlags } from './output.js';
import { progressReporter } from './progress-bar.js';
import { loadOptions, type ReadFlags, readFlags, unitsOf } from './read-flags.js';
import { printResult } from './results.js';
import { textTable } from './table-text.js';

interface AssignFlags extends ReadFlags {
  out: string;
  force?: boolean;
  json?: boolean;
  staff: string;
  value: string;
  current?: string;
  headcount?: boolean;
}

const g = (x: number) => formatNumber(x);
const n = formatExact;

/** What `strata assign` prints without --json. */
export function assignText(s: AssignSummary): string {
  const price = new Map(s.shadowPrices.tiers.map((t) => [t.tier, t.shadowPrice]));
  const lines = [
    `Assigned ${n(s.customers)} customers to ${s.tiers.length} tiers and ${n(s.managers.length)} managers: weighted ${String(s.parameters.value)} ${g(s.objective)}, LP bound ${g(s.bound)} (${s.gap === 0 ? 'optimal' : `gap ${g(s.gap)}`}).`,
    '',
    textTable(
      ['tier', 'weight', 'capacity', 'customers', 'value', 'one more slot'],
      s.tiers.map((t) => [
        t.tier,
        g(t.weight),
        t.capacity === null ? 'pooled' : n(t.capacity),
        n(t.customers),
        g(t.value),
        price.has(t.tier) ? g(price.get(t.tier)!) : '',
      ]),
    ),
  ];
  if (s.hire.length) {
    lines.push('');
    for (const h of s.hire)
      lines.push(`One more tier ${h.tier} manager (like ${h.like}) would add ${g(h.worth)}.`);
  }
  if (s.moved !== null)
    lines.push(`${n(s.moved)} customers move away from their current manager (moves.csv).`);
  if (s.bumped) lines.push(`${n(s.bumped)} customers are worth a higher tier that has no room (bumped.csv).`);
  return lines.join('\n');
}

export function registerAssign(program: Command): void {
  outFlags(
    readFlags(program.command('assign <customers>'))
      .description(
        'customers to tiers and account managers under each manager’s span, optimally, with what one more slot or manager is worth',
      )
      .requiredOption(
        '--staff <file>',
        'the staff file (YAML): tiers highest first, their weights and managers with spans',
      )
      .requiredOption('--value <col>', 'each customer’s value (lifetime value, scorecard points, sales…)')
      .option('--current <col>', 'each customer’s current manager (names as in the staff file)')
      .option('--no-headcount', 'skip the headcount curve (what more managers would add)'),
    'reports/assign',
  ).action(async (file: string, flags: AssignFlags & { unitOf?: string[] }) => {
    const staff = readStaff(flags.staff);
    const table = await load(file, loadOptions(flags));
    const out = OutputDir.from(flags);
    const result = assign(table, staff, {
      value: flags.value,
      id: flags.id,
      current: flags.current,
      headcount: flags.headcount,
      onProgress: progressReporter(),
      units: unitsOf(flags),
    });
    out.addResult(result);
    printResult(flags, result.summary, assignText(result.summary), await out.finish());
  });
}
