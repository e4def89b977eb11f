import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';

/**
 * DuckDB's API, required rather than imported: importing a CommonJS package from a module makes
 * Node scan every file it re-exports for names first, a tenth of a second on every command.
 */
export const duckdbApi = createRequire(import.meta.url)(
  '@duckdb/node-api',
) as typeof import('@duckdb/node-api');
const { DuckDBDoubleVector, DuckDBInstance, DuckDBVarCharVector } = duckdbApi;

let connection: Promise<DuckDBConnection> | null = null;

/** The process-wide embedded DuckDB connection (in memory, spills to a temp folder). */
export function duck(): Promise<DuckDBConnection> {
  if (!connection) {
    connection = (async () => {
      // A bounded memory limit and a temp folder let DuckDB spill large aggregations to disk
      // instead of growing without limit (files larger than memory).
      const instance = await DuckDBInstance.create(':memory:', {
        threads: '2',
        memory_limit: process.env.STRATA_MEMORY_LIMIT ?? '1536MB',
        temp_directory: join(tmpdir(), `strata-duckdb-${process.pid}`),
        // Memory DuckDB frees goes back to the system soon (freed by a background thread), not when
        // its allocator happens to run again: after reading a file it would sit beside the fit.
        allocator_background_threads: 'true',
      });
      return instance.connect();
    })();
  }
  return connection;
}

/** With STRATA_DEBUG_SQL set, every statement's time and first words go to stderr (profiling). */
const debugSql = Boolean(process.env.STRATA_DEBUG_SQL);

async function timed<T>(sql: string, run: () => Promise<T>): Promise<T> {
  if (!debugSql) return run();
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    process.stderr.write(
      `sql ${(performance.now() - t0).toFixed(0)} ms (to ${performance.now().toFixed(0)}): ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`,
    );
  }
}

/**
 * Runs `sql` and hands every result chunk's column vectors to `onChunk`. Streamed by default (memory
 * stays one chunk); `materialize` lets DuckDB compute the whole result on all its threads first, which
 * is faster when the result is known to be small enough to hold.
 */
export async function streamChunks(
  sql: string,
  onChunk: (vectors: DuckDBVector[], rowCount: number) => void,
  materialize = false,
): Promise<void> {
  const con = await duck();
  await timed(sql, async () => {
    const each = (chunk: DuckDBDataChunk) => {
      const vectors: DuckDBVector[] = [];
      for (let c = 0; c < chunk.columnCount; c++) vectors.push(chunk.getColumnVector(c));
      onChunk(vectors, chunk.rowCount);
    };
    if (materialize) {
      // A computed result's chunks are read synchronously: fetching each through the thread pool
      // costs more than copying it.
      const result = await con.run(sql);
      for (let i = 0; i < result.chunkCount; i++) {
        const chunk = result.getChunk(i);
        if (chunk.rowCount > 0) each(chunk);
      }
      return;
    }
    const result = await con.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      each(chunk);
    }
  });
}

/**
 * The numbers of a DOUBLE vector without NULLs as one typed array (a view on DuckDB's chunk, valid
 * until the next chunk), or null when the vector is another kind; reading item by item costs ten
 * times as much.
 */
export function doublesOf(vector: DuckDBVector): Float64Array | null {
  if (!(vector instanceof DuckDBDoubleVector)) return null;
  const items = (vector as unknown as { items?: unknown }).items;
  return items instanceof Float64Array && items.length === vector.itemCount ? items : null;
}

interface VectorInternals {
  dataView?: unknown;
  validity?: { data?: unknown };
}

/**
 * Copies a VARCHAR vector's `count` texts into `out` from `offset` (null for NULL). Short ASCII texts
 * (DuckDB keeps up to 12 bytes inline) are built from their bytes, which for a million ids costs a
 * fraction of decoding each one; anything else goes through the driver.
 */
export function copyTexts(vector: DuckDBVector, count: number, out: (string | null)[], offset: number): void {
  const inner = vector as unknown as VectorInternals;
  const view = vector instanceof DuckDBVarCharVector ? inner.dataView : undefined;
  const bits = inner.validity?.data;
  const valid =
    bits instanceof BigUint64Array ? new Uint32Array(bits.buffer, bits.byteOffset, bits.length * 2) : null;
  if (!(view instanceof DataView) || view.byteLength < count * 16 || (bits != null && !valid)) {
    for (let r = 0; r < count; r++) out[offset + r] = vector.getItem(r) as string | null;
    return;
  }
  const bytes = new Uint8Array(view.buffer, view.byteOffset, count * 16);
  for (let r = 0; r < count; r++) {
    if (valid && !((valid[r >>> 5] >>> (r & 31)) & 1)) {
      out[offset + r] = null;
      continue;
    }
    const at = r * 16;
    const length = view.getUint32(at, true);
    let text: string | null = length <= 12 ? '' : null;
    for (let i = 0; text !== null && i < length; i++) {
      const b = bytes[at + 4 + i];
      text = b < 0x80 ? text + String.fromCharCode(b) : null;
    }
    out[offset + r] = text ?? (vector.getItem(r) as string | null);
  }
}

/**
 * Runs `sql` and returns each of its (numeric) columns as one typed array, NULL as 0: a million rows
 * come back as a few arrays, not a million row objects.
 */
export async function numberColumns(sql: string, width: number): Promise<Float64Array[]> {
  let cols = Array.from({ length: width }, () => new Float64Array(1024));
  let size = 0;
  await streamChunks(sql, (v, count) => {
    if (size + count > cols[0].length)
      cols = cols.map((c) => {
        const grown = new Float64Array(Math.max(c.length * 2, size + count));
        grown.set(c.subarray(0, size));
        return grown;
      });
    v.forEach((vector, c) => {
      const nulls = (vector as unknown as VectorInternals).validity?.data;
      const d = nulls ? null : doublesOf(vector);
      if (d) cols[c].set(d.subarray(0, count), size);
      else for (let r = 0; r < count; r++) cols[c][size + r] = Number(vector.getItem(r) ?? 0);
    });
    size += count;
  });
  return cols.map((c) => c.slice(0, size));
}

/** Runs `sql` and returns its rows as plain JS values. */
export async function queryRows(sql: string): Promise<unknown[][]> {
  const con = await duck();
  const reader = await timed(sql, () => con.runAndReadAll(sql));
  return reader.getRowsJS() as unknown[][];
}

export async function exec(sql: string): Promise<void> {
  const con = await duck();
  await timed(sql, () => con.run(sql));
}
