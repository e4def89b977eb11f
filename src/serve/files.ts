import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kindOf, type Uploads } from './uploads.js';

export interface DataFile {
  /** What the pages and the API name it by: "dir:NAME" for a file in DIR, "upload:ID" for an upload. */
  key: string;
  name: string;
  bytes: number;
  source: 'folder' | 'upload';
}

function isData(name: string): boolean {
  try {
    kindOf(name);
    return true;
  } catch {
    return false;
  }
}

/** The data files the workbench offers: those directly in DIR, then the uploads. */
export function dataFiles(dir: string, uploads: Uploads): DataFile[] {
  const here = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && isData(e.name))
    .map((e) => ({
      key: `dir:${e.name}`,
      name: e.name,
      bytes: statSync(join(dir, e.name)).size,
      source: 'folder' as const,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const up = uploads
    .list()
    .map((u) => ({ key: `upload:${u.id}`, name: u.name, bytes: u.bytes, source: 'upload' as const }));
  return [...here, ...up];
}

/**
 * The path of the file a key names, found by looking the key up among the files offered: a key from a
 * client is never joined into a path as it is.
 */
export function pathOf(
  dir: string,
  uploads: Uploads,
  key: string,
): { path: string; file: DataFile } | undefined {
  const file = dataFiles(dir, uploads).find((f) => f.key === key);
  if (!file) return undefined;
  return {
    file,
    path: file.source === 'folder' ? join(dir, file.name) : uploads.get(key.slice('upload:'.length))!.path,
  };
}
