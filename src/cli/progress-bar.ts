import type { OnProgress, ProgressEvent } from '../index.js';

let quiet = false;

/** `--quiet`: no progress at all. */
export function setQuiet(on: boolean): void {
  quiet = on;
}

const seconds = (ms: number) =>
  ms < 60_000
    ? `${Math.ceil(ms / 1000)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

export interface ReporterOptions {
  /** Where progress goes (stderr, so `--json` on stdout stays clean). */
  stream?: { write(s: string): unknown; isTTY?: boolean };
  /** Plain lines only for steps running at least this long, at most one per interval (default 2 s). */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Progress on stderr: on a terminal one bar per step with an ETA, rewritten in place; otherwise a
 * plain line per update of a step that has run for 2 s or more (so quick runs stay silent and an
 * error stays one line); nothing with --quiet. Messages (tuning scores) always get a line.
 */
export function progressReporter(options: ReporterOptions = {}): OnProgress | undefined {
  if (quiet) return undefined;
  const out = options.stream ?? process.stderr;
  const tty = out.isTTY === true;
  const env = Number(process.env.STRATA_PROGRESS_INTERVAL_MS);
  const interval =
    options.intervalMs ?? (Number.isFinite(env) && process.env.STRATA_PROGRESS_INTERVAL_MS ? env : 2000);
  const now = options.now ?? Date.now;
  let step = '';
  let started = 0;
  let lastLine = Number.NEGATIVE_INFINITY;
  let printed = false;
  return (e: ProgressEvent) => {
    const t = now();
    if (e.step !== step) {
      step = e.step;
      started = t;
      printed = false;
      lastLine = Number.NEGATIVE_INFINITY;
    }
    const elapsed = t - started;
    const eta =
      e.done > 0 && e.done < e.total
        ? `, about ${seconds((elapsed / e.done) * (e.total - e.done))} left`
        : '';
    const detail = e.detail ? ` (${e.detail})` : '';
    if (tty) {
      if (e.message) out.write(`\r\x1b[K${e.message}\n`);
      const width = 24;
      const filled = Math.round((width * e.done) / Math.max(1, e.total));
      out.write(
        `\r\x1b[K${e.step} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${e.done}/${e.total}${detail}${eta}`,
      );
      if (e.done >= e.total) {
        out.write('\r\x1b[K');
      }
      return;
    }
    if (e.message) {
      out.write(`strata: ${e.message}\n`);
      lastLine = t;
      printed = true;
      return;
    }
    const finished = e.done >= e.total;
    if ((elapsed >= interval && t - lastLine >= interval) || (finished && printed)) {
      out.write(`strata: ${e.step}: ${e.done}/${e.total}${detail}${finished ? ', done' : eta}\n`);
      lastLine = t;
      printed = true;
    }
  };
}
