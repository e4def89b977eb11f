import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DataError } from '../errors.js';

/** What the first bytes of a delimited text file say about it. */
export interface CsvHead {
  delimiter: string;
  /** Header names as written (BOM stripped, not trimmed). */
  names: string[];
  /** Whether anything follows the header record. */
  hasRows: boolean;
}

const HEAD_BYTES = 1 << 16;

async function readHead(file: string): Promise<Buffer> {
  const gz = file.toLowerCase().endsWith('.gz');
  const chunks: Buffer[] = [];
  let size = 0;
  const raw = createReadStream(file, gz ? {} : { end: HEAD_BYTES - 1 });
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= HEAD_BYTES) break;
    }
  } catch (e) {
    throw new DataError({ file }, `cannot be read (${(e as Error).message})`);
  } finally {
    raw.destroy();
  }
  return Buffer.concat(chunks);
}

/** Splits the first record of `text` (quote-aware); returns fields and where the record ended. */
export function firstRecord(text: string, delimiter: string): { fields: string[]; end: number } {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      break;
    } else field += ch;
    i++;
  }
  fields.push(field);
  if (text[i] === '\r') i++;
  if (text[i] === '\n') i++;
  return { fields, end: i };
}

function guessDelimiter(line: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => ({ d, n: firstRecord(line, d).fields.length }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 1 ? counts[0].d : ',';
}

export async function peekCsv(file: string, delimiter?: string, header = true): Promise<CsvHead> {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new DataError({ file }, 'is a folder, not a data file');
    size = st.size;
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError({ file }, 'file not found');
  }
  if (size === 0) throw new DataError({ file }, 'the file is empty');
  const buf = await readHead(file);
  const utf32 =
    buf.length >= 4 &&
    ((buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) ||
      (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff));
  if (utf32) throw new DataError({ file }, 'the file is UTF-32 text; save it as UTF-8');
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new DataError({ file }, 'the file is UTF-16 text; save it as UTF-8');
  }
  if (buf.indexOf(0) >= 0)
    throw new DataError({ file }, 'the file contains NUL bytes; it is not a text file');
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DataError({ file }, 'the file is empty');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delim = delimiter ?? guessDelimiter(firstLine);
  const { fields, end } = firstRecord(text, delim);
  const rest = text.slice(end);
  // A blank header (e.g. the unnamed index column pandas writes) is named by its position.
  const names = header
    ? fields.map((f, i) => (f.trim() === '' ? `column${i + 1}` : f))
    : fields.map((_, i) => `column${i + 1}`);
  if (header) {
    const seen = new Map<string, number>();
    names.forEach((n, i) => {
      // DuckDB compares column names without regard to case: "Value" and "value" are one name to it.
      const key = n.trim().toLowerCase();
      const prev = seen.get(key);
      if (prev !== undefined) {
        const same = names[prev].trim() === n.trim();
        throw new DataError(
          { file, column: n },
          same
            ? `duplicate column name (columns ${prev + 1} and ${i + 1})`
            : `columns ${prev + 1} ("${names[prev].trim()}") and ${i + 1} ("${n.trim()}") differ only in case; rename one`,
        );
      }
      seen.set(key, i);
    });
  }
  const second = /\r?\n/.exec(rest);
  // An LF header over CRLF rows (or the reverse) stops DuckDB's reader with no useful message.
  if (second && (text[end - 2] === '\r') !== (second[0] === '\r\n'))
    throw new DataError(
      { file },
      `the header line ends with ${text[end - 2] === '\r' ? 'CRLF' : 'LF'} but the rows with ${second[0] === '\r\n' ? 'CRLF' : 'LF'}; save the file with one kind of line ending`,
    );
  const hasRows = header ? rest.trim() !== '' : true;
  return { delimiter: delim, names, hasRows };
}

/**
 * Refuses a gzip file that is damaged or cut short. DuckDB reads a truncated .gz as far as it goes,
 * so a file cut at 60% would load as a shorter table (its last line cut mid-value) with no error: the
 * whole stream is decompressed once first, to its end, where gzip's length and checksum are checked.
 */
export async function checkCompressed(file: string): Promise<void> {
  if (!/\.(gz|gzip)$/i.test(file)) return;
  const raw = createReadStream(file);
  try {
    for await (const _chunk of raw.pipe(createGunzip({ chunkSize: 1 << 20 })));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new DataError(
      { file },
      code === 'Z_BUF_ERROR' || /unexpected end/i.test((e as Error).message)
        ? 'the compressed file ends early (truncated?)'
        : `is not a readable gzip file (${(e as Error).message})`,
    );
  } finally {
    raw.destroy();
  }
}
