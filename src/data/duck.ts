import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBVector } from '@duckdb/node-api';

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
      });
      return instance.connect();
    })();
  }
  return connection;
}

/** Quotes an SQL identifier: any name is safe inside double quotes with quotes doubled. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Runs `sql` and hands every result chunk's column vectors to `onChunk`. */
export async function streamChunks(
  sql: string,
  onChunk: (vectors: DuckDBVector[], rowCount: number) => void,
): Promise<void> {
  const con = await duck();
  const result = await con.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vectors: DuckDBVector[] = [];
    for (let c = 0; c < chunk.columnCount; c++) vectors.push(chunk.getColumnVector(c));
    onChunk(vectors, chunk.rowCount);
  }
}

/** Runs `sql` and returns its rows as plain JS values. */
export async function queryRows(sql: string): Promise<unknown[][]> {
  const con = await duck();
  const reader = await con.runAndReadAll(sql);
  return reader.getRowsJS() as unknown[][];
}

export async function exec(sql: string): Promise<void> {
  const con = await duck();
  await con.run(sql);
}
