import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { literal } from '../sql/quote.js';
import type { FileFormat, LoadOptions } from './load-options.js';
import { peekCsv } from './peek.js';

/** Where a file's rows come from: its format, the DuckDB table function that reads it, its errors. */

export type { FileFormat };

/** Widest file read: DuckDB keeps memory per column of a table, and 10,000 text columns exhaust it. */
export const MAX_COLUMNS = 5000;

/** Files wider than this are read on one thread (see load's create), and typed from text only. */
export const WIDE_COLUMNS = 500;

export function formatOf(file: string): FileFormat {
  // A folder of Parquet files (e.g. a partitioned export) reads as one table.
  if (existsSync(file) && statSync(file).isDirectory()) return 'parquet';
  const f = file.toLowerCase().replace(/\.(gz|gzip|zst)$/, '');
  if (f.endsWith('.csv') || f.endsWith('.txt') || f.endsWith('.data')) return 'csv';
  if (f.endsWith('.tsv') || f.endsWith('.tab')) return 'tsv';
  if (f.endsWith('.parquet') || f.endsWith('.pq')) return 'parquet';
  if (f.endsWith('.jsonl') || f.endsWith('.ndjson')) return 'jsonl';
  if (f.endsWith('.json')) return 'json';
  throw new UsageError(`${file}: unknown file type; expected .csv, .csv.gz, .tsv, .parquet, .json or .jsonl`);
}

/** How a CSV is read: which columns the reader parses as numbers itself, and its missing tokens. */
export interface CsvTyping {
  doubles?: ReadonlySet<string>;
  nulls?: readonly string[];
  /** A smaller read buffer (and longest line) for reading a file's first rows only. */
  bufferBytes?: number;
}

/** The DuckDB table function that reads `file` (CSV columns as text unless `typed` says, checked strictly). */
export async function readerFor(
  file: string,
  format: FileFormat,
  o: Pick<LoadOptions, 'delimiter' | 'header'>,
  typed: CsvTyping = {},
): Promise<{ reader: string; headerRows: number; delimiter?: string; columns?: number; names?: string[] }> {
  if (format === 'csv' || format === 'tsv') {
    const head = await peekCsv(file, o.delimiter ?? (format === 'tsv' ? '\t' : undefined), o.header ?? true);
    if (!head.hasRows) throw new DataError({ file }, 'the file has a header but no rows');
    if (head.names.length > MAX_COLUMNS)
      throw new DataError(
        { file },
        `has ${head.names.length.toLocaleString('en-US')} columns; Strata reads at most ${MAX_COLUMNS.toLocaleString('en-US')} (keep the columns you need, e.g. with cut or DuckDB)`,
      );
    const headerRows = o.header === false ? 0 : 1;
    const names = head.names.map((n) => n.trim());
    const cols = names
      .map((n) => `${literal(n)}: ${typed.doubles?.has(n) ? "'DOUBLE'" : "'VARCHAR'"}`)
      .join(', ');
    // DuckDB reads an empty field as NULL by itself.
    const nulls = typed.nulls?.some((t) => t !== '')
      ? `, nullstr=[${typed.nulls.map(literal).join(', ')}]`
      : '';
    return {
      reader: `read_csv(${literal(file)}, auto_detect=false, columns={${cols}}, header=${headerRows === 1}, delim=${literal(head.delimiter)}, quote='"', escape='"', strict_mode=true, max_line_size=${typed.bufferBytes ?? 16777216}, buffer_size=${typed.bufferBytes ?? 33554432}${nulls})`,
      headerRows,
      delimiter: head.delimiter,
      columns: head.names.length,
      names,
    };
  }
  if (format === 'parquet') {
    const isDir = existsSync(file) && statSync(file).isDirectory();
    return {
      reader: `read_parquet(${literal(isDir ? join(file, '**', '*.parquet') : file)})`,
      headerRows: 0,
    };
  }
  return {
    reader: `read_json_auto(${literal(file)}, format=${format === 'jsonl' ? "'newline_delimited'" : "'auto'"})`,
    headerRows: 0,
  };
}

/** The longest line DuckDB's CSV reader is given room for (its max_line_size). */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The first line (1-based) of a plain file longer than `limit` bytes, and how long it is at least. */
function firstLongLine(file: string, limit: number): { line: number; bytes: number } | undefined {
  if (/\.(gz|zst)$/i.test(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let line = 1;
    // Offsets in the file: where the current line starts, and where this chunk starts.
    let start = 0;
    let at = 0;
    for (let n = readSync(fd, buf); n > 0; at += n, n = readSync(fd, buf))
      for (let i = 0; i < n; i++) {
        if (buf[i] !== 10) continue;
        if (at + i - start > limit) return { line, bytes: at + i - start };
        line++;
        start = at + i + 1;
      }
    if (at - start > limit) return { line, bytes: at - start };
    return undefined;
  } finally {
    closeSync(fd);
  }
}

const formatBytes = (n: number) => `${Math.round(n / 1048576).toLocaleString('en-US')} MB`;

/** Turns DuckDB's multi-line reader errors into one line naming the file and row. */
export function translate(file: string, msg: string, headerRows: number, keep?: readonly string[]): Error {
  const line = Number(/Line: (\d+)/.exec(msg)?.[1] ?? Number.NaN);
  const row = Number.isNaN(line) ? undefined : line - headerRows;
  const at = row === undefined ? '' : `row ${row} (line ${line}): `;
  const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
  if (fields) return new DataError({ file }, `${at}has ${fields[2]} fields, expected ${fields[1]}`);
  if (/unterminated quote/i.test(msg)) return new DataError({ file }, `${at}a quoted field is never closed`);
  const long = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/.exec(msg);
  if (long)
    return new DataError(
      { file },
      `${at}the line is ${formatBytes(Number(long[2]))}, longer than the ${formatBytes(Number(long[1]))} a line may have (a field this long is not customer data, or a quote is never closed)`,
    );
  // DuckDB's parallel reader gives up on a line past its buffer without saying which: find it.
  if (/Parallel CSV Reader currently does not support a full read/i.test(msg)) {
    const over = firstLongLine(file, MAX_LINE_BYTES);
    if (over)
      return new DataError(
        { file },
        `row ${over.line - headerRows} (line ${over.line}): the line is ${formatBytes(over.bytes)}, longer than the ${formatBytes(MAX_LINE_BYTES)} a line may have (a field this long is not customer data, or a quote is never closed)`,
      );
  }
  if (/No magic bytes found at end of file|Parquet.*(truncated|corrupt)/i.test(msg))
    return new DataError({ file }, 'the Parquet file ends early (truncated?) or is not Parquet');
  if (/unicode|utf-?8/i.test(msg))
    return new DataError({ file }, `${at}the text is not valid UTF-8; save it as UTF-8`);
  if (/No files found|does not exist|No such file/i.test(msg))
    return new DataError({ file }, 'file not found');
  if (/out of memory|could not allocate|failed to pin/i.test(msg))
    return new DataError(
      { file },
      `too large to read in the memory DuckDB may use (STRATA_MEMORY_LIMIT=${process.env.STRATA_MEMORY_LIMIT ?? '1536MB'}); read fewer columns or a sample`,
    );
  const missingCol = /Referenced column "?([^"\s]+)"? not found/.exec(msg);
  if (missingCol && keep) return new UsageError(`${file}: column "${missingCol[1]}" not found`);
  if (/Referenced column/.test(msg) && keep) return new UsageError(`${file}: ${msg.split('\n')[0]}`);
  return new DataError({ file }, `cannot be read: ${msg.split('\n')[0].replace(/^[A-Za-z ]+Error: /, '')}`);
}
