import { OptionError } from '../errors.js';
import { DEFAULT_SEED } from '../options.js';
import { idColumn } from '../prep/features.js';
import { type ParetoRunOptions, type ParetoRunResult, pareto } from '../results/pareto.js';
import { quoter } from '../sql/quote.js';
import type { Database } from './connect.js';
import { fromClause, readTable, sampleTable } from './source.js';

export interface DbParetoOptions extends ParetoRunOptions {
  table?: string;
  query?: string;
}

/**
 * The Pareto / ABC view of customers in a database: each customer's class is the output, so the id and
 * the value of every customer (two columns, nothing else) are read, in id order; the rest is `pareto`.
 */
export async function paretoDatabase(db: Database, o: DbParetoOptions): Promise<ParetoRunResult> {
  const from = fromClause(o);
  const source = `${db.label} ${o.table ?? 'query'}`;
  const sample = await sampleTable(db, from, 1000, DEFAULT_SEED, source);
  const id = idColumn(sample, o.id);
  if (!id) throw new OptionError('id', 'names the customer id: in a database it orders the customers');
  if (!sample.has(o.value))
    throw new OptionError('value', `names "${o.value}", which is not a column of ${source}`);
  const q = quoter(db.dialect);
  const order = db.dialect === 'postgres' ? `${q(id)} COLLATE "C"` : q(id);
  const rows = await readTable(db, `SELECT ${q(id)}, ${q(o.value)} FROM ${from} ORDER BY ${order}`, source);
  const { table: _t, query: _q, ...options } = o;
  return pareto(rows, { ...options, id });
}
