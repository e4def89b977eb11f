import type { Envelope } from '../index.js';

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
    for (const w of summary.warnings) process.stderr.write(`strata: warning: ${w.message}\n`);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const warnings = summary.warnings.map((w) => `Warning: ${w.message}.`);
  process.stdout.write(
    `${[text, ...(warnings.length ? ['', ...warnings] : []), ...(where ? [where] : [])].join('\n')}\n`,
  );
}
