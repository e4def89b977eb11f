import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyTexts, doublesOf, exec, numberColumns, streamChunks } from '../data/duck.js';
import { numberText } from '../data/table.js';
import { isoDate, type LogCounts, openTransactions } from '../data/transactions.js';
import { literal, num } from '../sql/quote.js';
import { AsciiLines } from '../util/ascii-lines.js';
import { csvField, toCsv } from '../util/csv.js';
import { type ResolvedClv, UNIT_DAYS } from './clv-options.js';
import { type ClvRun, type ClvSource, runClv } from './clv-run.js';
import { type GroupValues, groupValues, reviewOf, type TierReview } from './groups.js';

/** A temporary file, removed when the process ends if nothing removed it before. */
function tempFile(name: string): string {
  const path = join(tmpdir(), `strata-${process.pid}-${randomUUID()}-${name}`);
  process.once('exit', () => rmSync(path, { force: true }));
  return path;
}

/** A run on a file: the run, clv.csv written to a temporary file, and the joins with segments and tiers. */
export interface ClvFileRun extends ClvRun {
  /** clv.csv, one line per customer, most valuable first (a temporary file). */
  csv: string;
  segments: GroupValues[] | null;
  tiers: (GroupValues & { rank: number })[] | null;
  review: TierReview | null;
  /** What the cleaning of the log counted. */
  counts: LogCounts;
}

/**
 * Lifetime value from a transactions file, all of it in Strata's DuckDB: the log typed and cleaned
 * as for RFM, the customers and their triples by SQL, clv.csv streamed from a query.
 */
export async function clvOfFile(file: string, o: ResolvedClv): Promise<ClvFileRun> {
  const log = await openTransactions(file, { ...o, keepZero: true });
  const prefix = `strata_clv_${randomUUID().replace(/-/g, '')}`;
  const made: string[] = [];
  try {
    const src: ClvSource = {
      label: file,
      dialect: 'duckdb',
      log,
      firstDay: isoDate(log.counts.firstDay),
      lastDay: isoDate(log.counts.lastDay),
      maxAmount: log.counts.maxAmount,
      run: (sql) => log.run(sql),
      prelude: () => '',
      relation: async (name, sql) => {
        const table = `${prefix}_${name}`;
        made.push(table);
        await log.run(`CREATE TEMP TABLE ${table} AS ${sql}`);
        return table;
      },
      columns: (sql, width) =>
        numberColumns(sql, width).catch((e: Error) => Promise.reject(log.translate(e))),
      values: async (names, columns) => {
        const table = `${prefix}_values`;
        const path = tempFile('values.csv');
        writeValues(path, names, columns);
        const types = names.map((c, i) => `'${c}': '${i < 3 ? 'BIGINT' : 'DOUBLE'}'`).join(', ');
        made.push(table);
        await log.run(
          `CREATE TEMP TABLE ${table} AS SELECT * FROM read_csv(${literal(path)}, header = true, columns = {${types}})`,
        );
        rmSync(path, { force: true });
        return `${table} AS v`;
      },
    };
    const run = await runClv(src, o);
    o.onProgress?.({ step: 'writing clv.csv', done: 0, total: 1 });
    const csv = await writeClvCsv(run, o);
    const segments = o.segments ? await groupValues(run.scored, 'segment', o.segments, prefix, made) : null;
    const tiers = o.tiers
      ? await groupValues(run.scored, 'tier', o.tiers.of, prefix, made, o.tiers.order)
      : null;
    const review = o.tiers && tiers ? await reviewOf(run.scored, `${prefix}_tier`, o.tiers.order) : null;
    return { ...run, csv, segments, tiers: tiers as ClvFileRun['tiers'], review, counts: log.counts };
  } finally {
    for (const t of made) await exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    await log.close();
  }
}

/** Per-triple values as a CSV for DuckDB to read back: shortest round-trip texts, the very doubles computed here. */
function writeValues(path: string, names: readonly string[], columns: readonly Float64Array[]): void {
  const fd = openSync(path, 'w');
  try {
    const out = new AsciiLines((text) => writeSync(fd, text));
    out.text(`${names.join(',')}\n`);
    for (let i = 0; i < columns[0].length; i++) {
      columns.forEach((c, j) => {
        if (j > 0) out.byte(44);
        out.text(numberText(c[i]));
      });
      out.byte(10);
    }
    out.flush();
  } finally {
    closeSync(fd);
  }
}

/** clv.csv: each customer's summary (in the model's unit) and values, most valuable first. */
async function writeClvCsv(run: ClvRun, o: ResolvedClv): Promise<string> {
  const unit = UNIT_DAYS[o.unit];
  const holdout = run.validation !== null;
  const path = tempFile('clv.csv');
  const fd = openSync(path, 'w');
  try {
    const write = (text: string) => writeSync(fd, text);
    write(
      toCsv(
        [
          o.customer,
          'x',
          't_x',
          'T',
          'mean_value',
          'p_alive',
          'expected_purchases',
          'expected_spend',
          'clv',
          ...(holdout ? ['holdout_purchases', 'holdout_value'] : []),
        ],
        [],
      ),
    );
    const out = new AsciiLines(write);
    const ids: (string | null)[] = [];
    const u = num(unit);
    // Every number a DOUBLE without NULLs (the mean value of a customer without repeats is NaN):
    // each chunk's columns are then read as typed arrays.
    const cells = [
      'CAST(x AS DOUBLE)',
      `txd / ${u}`,
      `td / ${u}`,
      "CASE WHEN x > 0 THEN repeat_value / x ELSE CAST('NaN' AS DOUBLE) END",
      'alive',
      'expected',
      'spend',
      'clv',
      ...(holdout ? ['CAST(holdout_x AS DOUBLE)', 'holdout_value'] : []),
    ];
    const sql = `SELECT customer, ${cells.map((c) => `CAST(${c} AS DOUBLE)`).join(', ')} FROM (${run.scored}) AS s ORDER BY clv DESC, customer`;
    await streamChunks(sql, (v, count) => {
      copyTexts(v[0], count, ids, 0);
      const columns = v
        .slice(1)
        .map(
          (c) =>
            doublesOf(c) ??
            Float64Array.from({ length: count }, (_, r) => Number(c.getItem(r) ?? Number.NaN)),
        );
      for (let r = 0; r < count; r++) {
        out.text(csvField(ids[r]));
        for (const c of columns) {
          out.byte(44);
          // Ten significant digits: sums of doubles keep their noise out (478.22, not 478.21999999999997).
          if (!Number.isNaN(c[r])) out.significant(c[r], 10);
        }
        out.byte(10);
      }
    });
    out.flush();
  } finally {
    closeSync(fd);
  }
  return path;
}
