import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root (dist/util/ → ../..), for bundled data and package.json. */
export function packageFile(...parts: string[]): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', ...parts);
}
