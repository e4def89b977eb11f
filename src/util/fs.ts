import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const written = new Set<string>();

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${randomUUID()}.tmp`);
  written.add(tmp);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } finally {
    written.delete(tmp);
    rmSync(tmp, { force: true });
  }
}

/** Removes temporary files still open when the process is interrupted. */
export function removeTemporaryFiles(): void {
  for (const f of written) rmSync(f, { force: true });
  written.clear();
}

export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}
