import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import type { CommandName, RunFile } from '../results/envelope.js';
import type { Result } from '../results/result.js';
import { schemaFor, validateDocument } from './schemas.js';

/** One results part — in memory from a result, or read back from a results folder. */
export interface Part {
  /** Sub-folder name inside a combined report ('' for a single one). */
  name: string;
  run: RunFile;
  json<T>(file: string): T;
  has(file: string): boolean;
}

/** The part of a result in memory: the report reads exactly the documents the folder holds. */
export function partOfResult(result: Result, run: RunFile, name = ''): Part {
  const docs = new Map<string, unknown>([
    ['run.json', run],
    ['summary.json', result.summary],
    ...result.documents,
  ]);
  return {
    name,
    run,
    json: <T>(file: string) => {
      if (!docs.has(file)) throw new Error(`the result has no ${file}`);
      return docs.get(file) as T;
    },
    has: (file) => docs.has(file),
  };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DataError({ file: path }, 'cannot read results: the file is missing');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DataError({ file: path }, `cannot read results: the JSON is damaged (${(e as Error).message})`);
  }
}

/** A results folder read back through its schemas: a file that does not match is one line naming the field. */
function partOfFolder(dir: string, name: string): Part {
  const runPath = join(dir, 'run.json');
  const run = validateDocument(runPath, 'run', readJson(runPath)) as RunFile;
  const cache = new Map<string, unknown>([['run.json', run]]);
  const read = <T>(file: string): T => {
    if (!cache.has(file)) {
      const path = join(dir, file);
      cache.set(file, validateDocument(path, schemaFor(run.command, file), readJson(path)));
    }
    return cache.get(file) as T;
  };
  return { name, run, json: read, has: (f) => existsSync(join(dir, f)) };
}

const ORDER: CommandName[] = [
  'describe',
  'cluster',
  'classify',
  'grade',
  'rfm',
  'pareto',
  'compare',
  'migrate',
  'clv',
  'assign',
];

/** The results in `dir`: itself when it holds run.json, else every sub-folder that does (a combined report). */
export function readParts(dir: string): Part[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new DataError({ file: dir }, 'results folder not found');
  if (existsSync(join(dir, 'run.json'))) return [partOfFolder(dir, '')];
  const subs = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'run.json')))
    .sort();
  if (!subs.length)
    throw new DataError({ file: dir }, 'no Strata results here (no run.json in it or its sub-folders)');
  return sortParts(subs.map((d) => partOfFolder(join(dir, d), d)));
}

export function sortParts(parts: Part[]): Part[] {
  return [...parts].sort(
    (a, b) => ORDER.indexOf(a.run.command) - ORDER.indexOf(b.run.command) || a.name.localeCompare(b.name),
  );
}
