import { exportSql } from '../export/sql.js';
import type { Model } from '../model/model-file.js';
import { clvInto } from './clv-predict-database.js';
import { type Database, numberOf } from './connect.js';
import { fromClause } from './source.js';

/**
 * Scores every customer of a table (or SELECT) in place: one CREATE TABLE … AS SELECT built from the
 * model's SQL export, so the rows never leave the database. Returns the rows written.
 */
export async function predictInto(
  db: Database,
  model: Model,
  o: { table?: string; query?: string; into: string; id?: string },
): Promise<number> {
  if (model.kind === 'clv') return clvInto(db, model, o);
  const from = fromClause(o);
  const into = fromClause({ table: o.into });
  const select = exportSql(model, { dialect: db.dialect, from, id: o.id });
  await db.rows(`CREATE TABLE ${into} AS ${select}`);
  const [[count]] = await db.rows(`SELECT COUNT(*) FROM ${into}`);
  return numberOf(count);
}
