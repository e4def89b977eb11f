import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeFileAtomic } from '../util/fs.js';

/** The kinds of file the workbench reads, by how the client's name ends. */
const KINDS = ['.csv.gz', '.csv', '.tsv', '.parquet', '.jsonl', '.json'] as const;

export interface Upload {
  /** The stored file's id: also its name on disk, with the kind's ending. */
  id: string;
  /** The name the client gave, shown and never used as a path. */
  name: string;
  bytes: number;
  at: string;
}

/** Why a request is refused, with the HTTP status that says so. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The ending a client's file name gives, or an RequestError for a name that is not a plain file name. */
export function kindOf(name: string): string {
  if (!name || name.length > 255 || /[/\\\0]/.test(name) || name.includes('..'))
    throw new RequestError(400, 'the file name must be a plain name, without / \\ or ..');
  const kind = KINDS.find((k) => name.toLowerCase().endsWith(k));
  if (!kind) throw new RequestError(415, `a data file ends in ${KINDS.join(', ')}`);
  return kind;
}

/** Where uploads live: DIR/.strata/uploads, with an index of their client names. */
export class Uploads {
  readonly dir: string;
  private readonly index: string;
  /** Index updates one at a time: two uploads finishing together both stay in it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(root: string) {
    this.dir = join(root, '.strata', 'uploads');
    this.index = join(this.dir, 'index.json');
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * A message as a client may see it: an upload's path becomes the name it was uploaded as, and no
   * path on this machine is left (the folder served is named relative to itself).
   */
  shown(message: string): string {
    let out = message;
    for (const u of this.list()) out = out.split(join(this.dir, u.id)).join(u.name);
    const root = dirname(dirname(this.dir));
    return out.split(`${root}${sep}`).join('').split(root).join('.');
  }

  list(): Upload[] {
    try {
      return JSON.parse(readFileSync(this.index, 'utf8')) as Upload[];
    } catch {
      return [];
    }
  }

  get(id: string): (Upload & { path: string }) | undefined {
    const u = this.list().find((x) => x.id === id);
    return u && { ...u, path: join(this.dir, u.id) };
  }

  /**
   * Streams `body` to disk under a generated name (never the client's), refusing it past `limit`
   * bytes; a refused or broken upload leaves nothing behind.
   */
  async save(name: string, body: Readable, limit: number): Promise<Upload> {
    const id = `${randomUUID()}${kindOf(name)}`;
    const part = join(this.dir, `.${id}.part`);
    let bytes = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > limit)
              throw new RequestError(
                413,
                `the upload is larger than the limit of ${limit.toLocaleString('en-US')} bytes`,
              );
            yield chunk;
          }
        },
        createWriteStream(part, { flags: 'wx' }),
      );
      renameSync(part, join(this.dir, id));
    } catch (e) {
      rmSync(part, { force: true });
      throw e instanceof RequestError ? e : new RequestError(400, 'the upload broke off');
    }
    const upload: Upload = { id, name, bytes, at: new Date().toISOString() };
    const write = this.queue.then(() =>
      writeFileAtomic(this.index, `${JSON.stringify([...this.list(), upload], null, 1)}\n`),
    );
    this.queue = write.catch(() => undefined);
    await write;
    return upload;
  }
}
