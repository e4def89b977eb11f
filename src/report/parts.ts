import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import type { RunInfo } from './run-info.js';

/** One results folder: its run.json and a reader for its JSON files. */
export interface Part {
  dir: string;
  /** Sub-folder name inside a combined report ('' for a single one). */
  name: string;
  run: RunInfo;
  json<T>(file: string): T;
  has(file: string): boolean;
}

function part(dir: string, name: string): Part {
  const read = <T>(file: string): T => {
    const p = join(dir, file);
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as T;
    } catch (e) {
      throw new DataError({ file: p }, `cannot read results: ${(e as Error).message}`);
    }
  };
  return { dir, name, run: read<RunInfo>('run.json'), json: read, has: (f) => existsSync(join(dir, f)) };
}

/** The results in `dir`: itself when it holds run.json, else every sub-folder that does (a combined report). */
export function readParts(dir: string): Part[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new DataError({ file: dir }, 'results folder not found');
  if (existsSync(join(dir, 'run.json'))) return [part(dir, '')];
  const subs = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'run.json')))
    .sort();
  if (!subs.length)
    throw new DataError({ file: dir }, 'no Strata results here (no run.json in it or its sub-folders)');
  const order = ['cluster', 'classify', 'grade', 'rfm', 'pareto', 'compare', 'migrate'];
  return subs
    .map((d) => part(join(dir, d), d))
    .sort((a, b) => order.indexOf(a.run.kind) - order.indexOf(b.run.kind) || a.name.localeCompare(b.name));
}
