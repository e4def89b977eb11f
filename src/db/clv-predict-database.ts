import { UNIT_DAYS } from '../clv/clv-options.js';
import { checkExactAmounts } from '../clv/clv-run.js';
import { purchaseModelOf } from '../clv/predict-clv.js';
import { customersSql, daysSql, moneySum, spendSqlOf, triplesSql, valuesSql } from '../clv/queries.js';
import { tripleValues } from '../clv/values.js';
import { isoDate } from '../data/transactions.js';
import type { ClvModel } from '../model/model-file.js';
import { num, quoter } from '../sql/quote.js';
import { type Database, numberOf } from './connect.js';
import { fromClause } from './source.js';
import { transactionsInDatabase } from './transactions-database.js';

/**
 * A lifetime-value model scoring the customers of a transactions table where it is: each customer
 * summarised by SQL as of the table's last day (the model's columns, same cleaning), the values of
 * each distinct (x, t_x, T) computed here and joined there, and CREATE TABLE … AS SELECT writes
 * p_alive, expected purchases, expected spend and CLV. Returns the rows written.
 */
export async function clvInto(
  db: Database,
  model: ClvModel,
  o: { table?: string; query?: string; into: string },
): Promise<number> {
  const log = await transactionsInDatabase(db, { ...model.training.columns, ...o, keepZero: true });
  checkExactAmounts(log.maxAmount, log.source);
  const asOf = isoDate(log.lastDay);
  const p = { calEnd: asOf, asOf, holdoutDays: 0 };
  const pre = `WITH strata_days AS (${daysSql(log, p, moneySum(db.dialect))}), strata_cust AS (${customersSql('strata_days', p, db.dialect)})`;
  const rows = await db.rows(`${pre} ${triplesSql('strata_cust')}`);
  const unit = UNIT_DAYS[model.params.unit];
  const t = {
    x: Float64Array.from(rows, (r) => numberOf(r[0])),
    tx: Float64Array.from(rows, (r) => numberOf(r[1] ?? 0) / unit),
    T: Float64Array.from(rows, (r) => numberOf(r[2]) / unit),
    w: Float64Array.from(rows, (r) => numberOf(r[3])),
    n: rows.length,
  };
  const { horizon, discount, margin } = model.params;
  const v = tripleValues(purchaseModelOf(model), t, horizon, discount, 0);
  const values = valuesSql(
    [
      t.x,
      Float64Array.from(rows, (r) => numberOf(r[1] ?? 0)),
      Float64Array.from(rows, (r) => numberOf(r[2])),
      v.alive,
      v.expected,
      v.factor,
    ],
    ['x', 'txd', 'td', 'alive', 'expected', 'factor'],
  );
  const q = quoter(db.dialect);
  const spend = spendSqlOf(model.state.spend);
  const into = fromClause({ table: o.into });
  await db.rows(`CREATE TABLE ${into} AS ${pre}
    SELECT c.customer AS ${q(model.training.columns.customer)}, c.x AS x, c.txd / ${num(unit)} AS t_x, c.td / ${num(unit)} AS ${q('T')},
      CASE WHEN c.x > 0 THEN c.repeat_value / c.x END AS mean_value, v.alive AS p_alive, v.expected AS expected_purchases,
      ${spend} AS expected_spend, ${num(margin)} * (${spend}) * v.factor AS clv
    FROM strata_cust AS c JOIN ${values} ON c.x = v.x AND c.txd = v.txd AND c.td = v.td`);
  const [[count]] = await db.rows(`SELECT COUNT(*) FROM ${into}`);
  return numberOf(count);
}
