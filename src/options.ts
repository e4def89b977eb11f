import { OptionError } from './errors.js';

/** What one option accepts; each pipeline states all of its options once, checked where it is entered. */
export type OptionSpec =
  | { kind: 'integer'; min: number; max?: number; auto?: boolean }
  | { kind: 'number'; min?: number; max?: number; above?: number; below?: number }
  | { kind: 'choice'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'string' }
  | { kind: 'columns' }
  | { kind: 'range'; min: number; max?: number }
  | { kind: 'function' }
  /** Checked by the pipeline itself (a shape the kinds above cannot say, such as class weights). */
  | { kind: 'custom'; describe: string; check: (v: unknown) => boolean };

export type Spec = Readonly<Record<string, OptionSpec>>;

const json = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (v instanceof Map) return JSON.stringify(Object.fromEntries(v));
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/** What an option must be, as the error message says it. */
export function describeOption(s: OptionSpec): string {
  switch (s.kind) {
    case 'integer': {
      const n = `an integer ≥ ${s.min}${s.max !== undefined ? ` and ≤ ${s.max}` : ''}`;
      return s.auto ? `"auto" or ${n}` : n;
    }
    case 'number': {
      const parts: string[] = [];
      if (s.min !== undefined) parts.push(`≥ ${s.min}`);
      if (s.above !== undefined) parts.push(`> ${s.above}`);
      if (s.max !== undefined) parts.push(`≤ ${s.max}`);
      if (s.below !== undefined) parts.push(`< ${s.below}`);
      return `a number${parts.length ? ` ${parts.join(' and ')}` : ''}`;
    }
    case 'choice':
      return `one of ${s.values.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a text';
    case 'columns':
      return 'a non-empty list of distinct column names';
    case 'range':
      return `a range FROM-TO with ${s.min} ≤ FROM ≤ TO${s.max !== undefined ? ` ≤ ${s.max}` : ''}`;
    case 'function':
      return 'a function';
    case 'custom':
      return s.describe;
  }
}

function valid(s: OptionSpec, v: unknown): boolean {
  switch (s.kind) {
    case 'integer':
      if (s.auto && v === 'auto') return true;
      return (
        typeof v === 'number' && Number.isInteger(v) && v >= s.min && (s.max === undefined || v <= s.max)
      );
    case 'number':
      return (
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (s.min === undefined || v >= s.min) &&
        (s.max === undefined || v <= s.max) &&
        (s.above === undefined || v > s.above) &&
        (s.below === undefined || v < s.below)
      );
    case 'choice':
      return typeof v === 'string' && s.values.includes(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string' && v.length > 0;
    case 'columns':
      // A name twice would weigh its column twice; an empty list is a slip, not "every column".
      return (
        Array.isArray(v) &&
        v.length > 0 &&
        new Set(v).size === v.length &&
        v.every((c) => typeof c === 'string' && c.length > 0)
      );
    case 'range':
      return (
        Array.isArray(v) &&
        v.length === 2 &&
        v.every((x) => Number.isInteger(x)) &&
        (v[0] as number) >= s.min &&
        (v[0] as number) <= (v[1] as number) &&
        (s.max === undefined || (v[1] as number) <= s.max)
      );
    case 'function':
      return typeof v === 'function';
    case 'custom':
      return s.check(v);
  }
}

/**
 * Checks every option against the spec; an unknown option or a value out of range is one
 * OptionError naming the option. Options left undefined take the pipeline's defaults.
 */
export function checkOptions<T extends object>(spec: Spec, options: T): T {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const s = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!s)
      throw new OptionError(name, `is not an option here; the options are ${Object.keys(spec).join(', ')}`);
    if (!valid(s, value)) {
      const got = s.kind === 'range' && Array.isArray(value) ? value.join('-') : json(value);
      throw new OptionError(name, `must be ${describeOption(s)} (got ${got})`);
    }
  }
  return options;
}

/** The seed of every random step when none is given: the same in every entry point and the CLI. */
export const DEFAULT_SEED = 42;

/** Options after `resolveOptions`: every option that has a default is present. */
export type Resolved<O, D> = Omit<O, keyof D> & { [K in keyof D & keyof O]-?: Exclude<O[K], undefined> };

/**
 * Checks the options once against the spec and fills in the defaults (ml.js's `getDefinedOptions`):
 * what a public entry point does first; everything below it takes the resolved type and neither
 * checks again nor defaults.
 */
export function resolveOptions<O extends object, D extends object>(
  spec: Spec,
  defaults: D,
  options: O,
): Resolved<O, D> {
  checkOptions(spec, options);
  const out: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const [name, value] of Object.entries(defaults)) if (out[name] === undefined) out[name] = value;
  return out as Resolved<O, D>;
}

/**
 * The defaults with the options that were given laid over them (an option given as undefined keeps
 * its default), for engine functions whose options are plain numbers and names without a spec.
 */
export function withDefaults<O extends object, D extends object>(defaults: D, options: O): Resolved<O, D> {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [name, value] of Object.entries(options)) if (value !== undefined) out[name] = value;
  return out as Resolved<O, D>;
}

/** How a default reads in help text: "auto", 2-10, 0.8,0.95. */
export function defaultText(value: unknown): string {
  if (Array.isArray(value)) return value.join(value.length === 2 && Number.isInteger(value[0]) ? '-' : ',');
  return String(value);
}

/**
 * The CLI's half: flag text to the option's type, by the same spec (so "--k many" and "--k 0" are
 * refused by the same rule the library applies). Values of the wrong form pass through as text and
 * are then refused by `checkOptions` with the option's own wording.
 */
export function fromText(s: OptionSpec, text: string): unknown {
  switch (s.kind) {
    case 'integer':
    case 'number': {
      if (s.kind === 'integer' && s.auto && text === 'auto') return 'auto';
      const n = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isNaN(n) ? text : n;
    }
    case 'columns':
      return text
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    case 'range': {
      const m = /^(\d+)\s*[-:]\s*(\d+)$/.exec(text);
      return m ? [Number(m[1]), Number(m[2])] : text;
    }
    default:
      return text;
  }
}

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 does not). */
export const DATE_OPTION = {
  kind: 'custom',
  describe: 'a date written YYYY-MM-DD',
  check: (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    !Number.isNaN(Date.parse(v)) &&
    new Date(Date.parse(`${v}T00:00:00Z`)).toISOString().slice(0, 10) === v,
} as const satisfies OptionSpec;

/** Units of columns ("sales_12m" → "CNY thousand"), shown beside their values in tables and charts. */
export type Units = ReadonlyMap<string, string>;

/** A Map of user keys to printable texts of at most `max` characters (units, segment names). */
function textMapOption(what: string, max: number) {
  return {
    kind: 'custom',
    describe: `a Map of ${what} (printable, at most ${max} characters)`,
    check: (v: unknown) =>
      v instanceof Map &&
      [...v].every(
        ([k, u]) =>
          typeof k === 'string' &&
          typeof u === 'string' &&
          u.trim() !== '' &&
          u.length <= max &&
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
          !/[\u0000-\u001f\u007f]/.test(u),
      ),
  } as const satisfies OptionSpec;
}

export const UNITS_OPTION = textMapOption('column name → unit text', 40);

/** A map of texts (units, segment names) as a summary's parameter: a plain JSON object. */
export function textMapParameter(
  map: ReadonlyMap<string, string> | undefined,
): { [key: string]: string } | undefined {
  if (!map?.size) return undefined;
  const out: { [key: string]: string } = Object.create(null);
  for (const [k, v] of map) out[k] = v;
  return out;
}

/** Segment names given by the user: cluster number ("0") or generated name → the name to use. */
export const NAMES_OPTION = textMapOption('cluster number or generated name → segment name', 80);

/** The units a run recorded in its parameters. */
export function unitsFrom(parameters: { [name: string]: unknown }): Map<string, string> {
  const u = Object.hasOwn(parameters, 'units') ? parameters.units : undefined;
  if (u === null || typeof u !== 'object' || Array.isArray(u)) return new Map();
  return new Map(Object.entries(u).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
