import { defaultText, fromText, type OptionError, type OptionsSpec, UsageError } from '../index.js';

/** A library default as help text says it, read from the library's constant: " (default: 2-10)". */
export const byDefault = (value: unknown) => ` (default: ${defaultText(value)})`;

export function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function int(flag: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} ${v}: expected a whole number ≥ ${min}`);
  return n;
}

export function float(flag: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag} ${v}: expected a number ≥ ${min}`);
  return n;
}

export function choice<T extends string>(
  flag: string,
  v: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`${flag} ${v}: expected one of ${allowed.join(', ')}`);
  return v as T;
}

export function range(flag: string, v: string | undefined): [number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\s*[-:]\s*(\d+)$/.exec(v);
  if (!m) throw new UsageError(`${flag} ${v}: expected FROM-TO, e.g. 2-10`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a < 2 || b < a) throw new UsageError(`${flag} ${v}: need 2 ≤ FROM ≤ TO`);
  return [a, b];
}

/** Flags whose names are not the option's name in kebab case. */
const FLAG_OF_OPTION: ReadonlyMap<string, string> = new Map([
  ['minSamplesLeaf', '--min-leaf'],
  ['minSamplesSplit', '--min-split'],
  ['maxBadShare', '--max-bad'],
  ['sample', '--sample'],
]);

/** The flag that sets a library option: maxDepth → --max-depth. */
export function flagOf(option: string): string {
  return FLAG_OF_OPTION.get(option) ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A library error about an option, said with the flag's name. */
export function asFlagError(e: OptionError): UsageError {
  return new UsageError(`${flagOf(e.option)} ${e.detail}`);
}

/**
 * Flag text to a pipeline's options by its spec: numbers parsed, lists split, ranges read. Checking
 * the values is the library's (one rule for both); `rename` maps a flag key to its option.
 */
export function optionsFrom(
  spec: OptionsSpec,
  flags: object,
  rename: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(flags)) {
    const option = rename[key] ?? key;
    if (!Object.hasOwn(spec, option)) continue;
    out[option] = typeof value === 'string' ? fromText(spec[option], value) : value;
  }
  return out;
}
