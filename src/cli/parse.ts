import { UsageError } from '../data/errors.js';

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
