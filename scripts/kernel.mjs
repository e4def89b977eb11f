// `npm run kernel` (and `npm ci`, through prepare): what the notebooks need from this checkout.
// - node_modules/strata links to the checkout, so `import * as strata from 'strata'` works in a
//   notebook as it does for a user who installed the package;
// - with `--install`, the tslab kernel is registered with the absolute path of its binary, so
//   Jupyter starts it without node_modules/.bin on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function linkSelf() {
  const link = join(root, 'node_modules', 'strata');
  if (!existsSync(join(root, 'node_modules'))) return;
  let linked = false;
  try {
    linked = lstatSync(link).isSymbolicLink() || existsSync(link);
  } catch {
    linked = false;
  }
  if (!linked) symlinkSync('..', link, 'dir');
}

/** Registers the tslab kernel for Jupyter, starting the binary by its absolute path. */
export function installKernel() {
  const tslab = join(root, 'node_modules', '.bin', 'tslab');
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const r = spawnSync(tslab, ['install', `--python=${python}`, `--binary=${tslab}`], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`registering the tslab kernel failed (is Jupyter installed?): ${(r.stderr || r.stdout).trim()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  linkSelf();
  if (process.argv.includes('--install')) {
    try {
      installKernel();
      console.log('The TypeScript (tslab) kernel is registered; open notebooks/ in Jupyter or VS Code.');
    } catch (e) {
      console.error(`strata: ${e.message}`);
      process.exit(1);
    }
  }
}
