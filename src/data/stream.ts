import type { DuckDBVector } from '@duckdb/node-api';
import { DataError } from '../errors.js';
import { ident } from '../sql/quote.js';
import { encodeCategorical } from './columns.js';
import { duck, exec, queryRows } from './duck.js';
import { cleanText, DEFAULT_MISSING } from './infer.js';
import type { LoadOptions } from './load-options.js';
import { formatOf, readerFor, translate } from './reader.js';
import { type Column, type ColumnInfo, Table } from './table.js';

export interface StreamColumn {
  name: string;
  type: 'numeric' | 'categorical' | 'text';
}

/**
 * Reads `file` in batches of `batchRows` rows, typed as `columns` say, without holding the file in
 * memory. One DuckDB thread reads, so batches come in file order and every pass sees the same rows
 * in the same order (deterministic mini-batches and outputs).
 */
export async function streamBatches(
  file: string,
  options: Pick<LoadOptions, 'delimiter' | 'header' | 'missing'>,
  columns: readonly StreamColumn[],
  batchRows: number,
  onBatch: (batch: Table, offset: number) => void | Promise<void>,
): Promise<number> {
  const { reader, headerRows } = await readerFor(file, formatOf(file), options);
  const missing = options.missing ?? DEFAULT_MISSING;
  const types = new Map(
    (await queryRows(`DESCRIBE SELECT * FROM ${reader}`)).map((r) => [String(r[0]), String(r[1])]),
  );
  const select = columns.map((c) => {
    const t = types.get(c.name);
    if (!t) throw new DataError({ file, column: c.name }, 'column not found');
    const v = t === 'VARCHAR' ? cleanText(c.name, missing) : ident(c.name);
    return c.type === 'numeric' ? `TRY_CAST(${v} AS DOUBLE)` : `CAST(${v} AS VARCHAR)`;
  });
  const con = await duck();
  await exec('SET threads = 1');
  let offset = 0;
  try {
    const result = await con.stream(`SELECT ${select.join(', ')} FROM ${reader}`);
    let numeric = columns.map((c) => (c.type === 'numeric' ? new Float64Array(batchRows) : null));
    let text = columns.map((c) => (c.type === 'numeric' ? null : new Array<string | null>(batchRows)));
    let filled = 0;
    const flush = async () => {
      if (!filled) return;
      const cols: Column[] = columns.map((c, k) => {
        if (c.type === 'numeric')
          return { name: c.name, type: 'numeric', values: numeric[k]!.subarray(0, filled) };
        const values = text[k]!.slice(0, filled);
        return c.type === 'text' ? { name: c.name, type: 'text', values } : encodeCategorical(c.name, values);
      });
      const infos: ColumnInfo[] = columns.map((c) => ({
        name: c.name,
        type: c.type,
        role: c.type === 'numeric' ? 'numeric' : 'categorical',
        missing: 0,
        distinct: 0,
      }));
      await onBatch(new Table(cols, { columns: infos }, file, filled), offset);
      offset += filled;
      filled = 0;
      numeric = columns.map((c) => (c.type === 'numeric' ? new Float64Array(batchRows) : null));
      text = columns.map((c) => (c.type === 'numeric' ? null : new Array<string | null>(batchRows)));
    };
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const vectors: DuckDBVector[] = columns.map((_c, k) => chunk.getColumnVector(k));
      for (let r = 0; r < chunk.rowCount; r++) {
        for (let k = 0; k < columns.length; k++) {
          const v = vectors[k].getItem(r);
          const num = numeric[k];
          if (num) num[filled] = v === null ? Number.NaN : (v as number);
          else text[k]![filled] = v as string | null;
        }
        filled++;
        if (filled === batchRows) await flush();
      }
    }
    await flush();
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw translate(file, (e as Error).message, headerRows);
  } finally {
    await exec('SET threads = 2');
  }
  return offset;
}
