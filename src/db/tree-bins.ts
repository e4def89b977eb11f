import { randomBytes } from 'node:crypto';
import { DataError } from '../errors.js';
import { literal, quoter } from '../sql/quote.js';
import { type Database, numberOf } from './connect.js';
import type { DbSource, PassPart } from './kmeans-database.js';
import { binnedColumnsSql } from './tree-sql.js';

/**
 * The inputs of a tree binned once into a scratch table per part (one server, or each shard read
 * directly), for every tree of a run to read instead of computing bins from the raw values at every
 * level of every fold.
 */
export interface BinnedInputs {
  /** The schema the user allowed Strata to write to. */
  schema: string;
  /** Each part's table, quoted, and where it is. */
  tables: { src: DbSource; table: string }[];
  /** The cut points the bins were computed with. */
  edges: readonly Float64Array[];
  seconds: number;
}

/**
 * Creates the scratch tables: on each part, from `part.base` (which selects y, fold when `fold`, and
 * the recipe's inputs z0 …). PostgreSQL's are unlogged (nothing to recover: they live for one run) and
 * created in the run's own transaction, so until they are dropped no other session sees them, and a
 * run that fails leaves none behind. Each part's schema is checked first, for a one-line error.
 */
export async function binInputs(
  parts: PassPart[],
  schema: string,
  edges: readonly Float64Array[],
  classes: number,
  fold: boolean,
): Promise<BinnedInputs> {
  const started = performance.now();
  // Unguessable, so two runs in one schema never meet; it does not reach any output.
  const name = `strata_bins_${randomBytes(6).toString('hex')}`;
  const binned: BinnedInputs = { schema, tables: [], edges, seconds: 0 };
  try {
    for (const part of parts) await binPart(part, schema, name, edges, classes, fold, binned.tables);
  } catch (e) {
    await dropBinned(binned);
    throw e;
  }
  binned.seconds = (performance.now() - started) / 1000;
  return binned;
}

async function binPart(
  part: PassPart,
  schema: string,
  name: string,
  edges: readonly Float64Array[],
  classes: number,
  fold: boolean,
  tables: BinnedInputs['tables'],
): Promise<void> {
  const { db } = part.src;
  const q = quoter(db.dialect);
  await checkScratch(db, schema);
  const table = `${q(schema)}.${q(name)}`;
  const columns = binnedColumnsSql(edges, classes, db.dialect, fold);
  const pg = db.dialect === 'postgres';
  try {
    await db.rows(
      `CREATE ${pg ? 'UNLOGGED ' : ''}TABLE ${table} AS SELECT ${columns} FROM (${part.base}) AS s`,
    );
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(`${db.label}: `, '') : String(e);
    throw new DataError(
      { file: db.label },
      `cannot write the binned inputs into scratch schema "${schema}": ${why}`,
    );
  }
  tables.push({ src: part.src, table });
  // The planner's row count: without it a level would be planned for an almost empty table.
  if (pg) await db.rows(`ANALYZE ${table}`);
}

/** That the scratch schema exists, said in one line when it does not (checked before any long work). */
export async function checkScratch(db: Database, schema: string): Promise<void> {
  const [[found]] = await db.rows(
    `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ${literal(schema)}`,
  );
  if (!numberOf(found))
    throw new DataError(
      { file: db.label },
      `scratch schema "${schema}" not found: create it, or train without a scratch schema`,
    );
}

/** Drops the scratch tables that were created, each on its own connection. */
export async function dropBinned(binned: BinnedInputs | null): Promise<void> {
  for (const { src, table } of binned?.tables ?? []) await src.db.rows(`DROP TABLE IF EXISTS ${table}`);
}

/** Each part reading its scratch table: y and the binned keys, of the rows `where` keeps. */
export function binnedParts(binned: BinnedInputs, where?: string): PassPart[] {
  const ks = binned.edges.map((_, t) => `k${t}`).join(', ');
  return binned.tables.map(({ src, table }) => ({
    src,
    base: `SELECT y, ${ks} FROM ${table}${where ? ` WHERE ${where}` : ''}`,
  }));
}
