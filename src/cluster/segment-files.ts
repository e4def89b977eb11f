import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from '../data/load.js';
import { peekCsv } from '../data/peek.js';
import { DataError } from '../errors.js';

/**
 * Each customer's segment from a clustering's assignments.csv (or the results folder holding it):
 * the first column is the customer id, read as text exactly as written.
 */
export async function readAssignments(path: string): Promise<Map<string, string>> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'assignments.csv') : path;
  if (!existsSync(file))
    throw new DataError({ file }, 'not found (give assignments.csv or its cluster folder)');
  const head = await peekCsv(file);
  const id = head.names[0];
  if (!head.names.includes('segment') || id === 'segment')
    throw new DataError(
      { file },
      'has no "segment" column after the id column; is it an assignments.csv from strata cluster?',
    );
  const types: Record<string, 'text'> = Object.create(null);
  types[id] = 'text';
  types.segment = 'text';
  const t = await load(file, { id, columns: [id, 'segment'], types });
  const out = new Map<string, string>();
  for (let i = 0; i < t.nRows; i++) {
    const key = t.text(id, i);
    if (out.has(key))
      throw new DataError({ file, column: id, row: i + 1 }, `customer "${key}" appears twice`);
    out.set(key, t.text('segment', i));
  }
  return out;
}

/**
 * Segment names from a two-column CSV: the first column a cluster number (as in assignments.csv) or
 * a generated name, the second the name to use (`strata cluster --names FILE`).
 */
export async function readNames(file: string): Promise<Map<string, string>> {
  if (!existsSync(file)) throw new DataError({ file }, 'not found');
  const head = await peekCsv(file);
  if (head.names.length !== 2)
    throw new DataError(
      { file },
      `needs two columns (cluster or segment, then name), found ${head.names.length}`,
    );
  const types: Record<string, 'text'> = Object.create(null);
  for (const n of head.names) types[n] = 'text';
  const t = await load(file, { types });
  const [from, to] = head.names;
  const out = new Map<string, string>();
  for (let i = 0; i < t.nRows; i++) {
    const key = t.text(from, i).trim();
    const name = t.text(to, i).trim();
    if (!key || !name) throw new DataError({ file, row: i + 1 }, 'a segment and its name are both needed');
    if (out.has(key)) throw new DataError({ file, column: from, row: i + 1 }, `"${key}" is named twice`);
    out.set(key, name);
  }
  return out;
}
