import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built package (dist/), as users run it: the k-means worker threads exist only there. */
export const strata: typeof import('../../src/index.js') = await import(
  pathToFileURL(join(process.cwd(), 'dist', 'index.js')).href
);
