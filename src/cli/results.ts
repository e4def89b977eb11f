import {
  ASSIGN_OPTIONS,
  CLASSIFY_OPTIONS,
  CLUSTER_OPTIONS,
  CLV_OPTIONS,
  COMPARE_OPTIONS,
  DB_CLASSIFY_OPTIONS,
  DB_CLUSTER_OPTIONS,
  type Envelope,
  GRADE_OPTIONS,
  LARGE_CLUSTER_OPTIONS,
  PARETO_RUN_OPTIONS,
  RFM_OPTIONS,
} from '../index.js';
import { flagOf } from './parse.js';
import { printable } from './table-text.js';

/** The library's option names of more than one word, which a warning may name (maxDepth, ccpAlpha…). */
const OPTION_WORDS = new Set(
  [
    ASSIGN_OPTIONS,
    CLASSIFY_OPTIONS,
    CLUSTER_OPTIONS,
    CLV_OPTIONS,
    COMPARE_OPTIONS,
    DB_CLASSIFY_OPTIONS,
    DB_CLUSTER_OPTIONS,
    GRADE_OPTIONS,
    LARGE_CLUSTER_OPTIONS,
    PARETO_RUN_OPTIONS,
    RFM_OPTIONS,
  ].flatMap((spec) => Object.keys(spec).filter((k) => /[A-Z]/.test(k))),
);

/** A warning as the terminal says it: the library's option names become the flags that set them. */
export function warningText(message: string): string {
  return message.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (w) => (OPTION_WORDS.has(w) ? flagOf(w) : w));
}

/** Many lines of text for the terminal, each made printable (the line breaks are ours). */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/**
 * Prints a command's outcome: with --json exactly the library's summary on stdout (warnings also on
 * stderr, so a script's stdout stays clean JSON); otherwise the text, the warnings and where the
 * files are.
 */
export function printResult(
  flags: { json?: boolean },
  summary: Envelope,
  text: string,
  where?: string,
): void {
  if (flags.json) {
    for (const w of summary.warnings)
      process.stderr.write(`strata: warning: ${printable(warningText(w.message))}\n`);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const warnings = summary.warnings.map((w) => `Warning: ${warningText(w.message)}.`);
  const lines = [text, ...(warnings.length ? ['', ...warnings] : []), ...(where ? [where] : [])];
  process.stdout.write(`${printableLines(lines.join('\n'))}\n`);
}
