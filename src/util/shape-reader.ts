import { DataError } from '../errors.js';
import { MAX_MAGNITUDE } from './stats.js';

/** A mapping read from a YAML or JSON file. */
export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the values of one card file; every problem is one DataError naming its path in the file. */
/**
 * Reads a parsed YAML or JSON file of a known shape; every problem is one line naming the file and the
 * path inside it (`tiers[1].managers[0].span: expected a number`).
 */
export class ShapeReader {
  constructor(readonly file: string) {}

  fail(path: string, msg: string): never {
    throw new DataError({ file: this.file }, `${path}: ${msg}`);
  }

  num(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v))
      this.fail(path, `expected a number, got ${JSON.stringify(v)}`);
    if (Math.abs(v) > MAX_MAGNITUDE)
      this.fail(path, `${v} is too large to compute with (above ${MAX_MAGNITUDE})`);
    return v;
  }

  str(v: unknown, path: string): string {
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, `expected text, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A mapping whose fields are among `keys`; the file itself is at path '' and called "(top)". */
  obj(v: unknown, path: string, expected: string, keys: string[]): Obj {
    if (!isObj(v)) this.fail(path || '(top)', expected);
    for (const k of Object.keys(v))
      if (!keys.includes(k))
        this.fail(`${path}.${k}`.replace(/^\./, ''), `unknown field (expected one of ${keys.join(', ')})`);
    return v;
  }

  list(v: unknown, path: string, expected: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, expected);
    return v;
  }
}
