// `npm run notebooks`: executes every notebook in place with the tslab kernel (Debian's Jupyter).
// Notebooks import 'strata' as a user would; inside this repository that name is linked to the checkout.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { installKernel, linkSelf } from '../scripts/kernel.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The checkout linked as 'strata' and the kernel registered, as `npm ci && npm run kernel` leave them. */
export function prepareKernel() {
  linkSelf();
  const specs = spawnSync('jupyter', ['kernelspec', 'list'], { encoding: 'utf8' });
  if (specs.status !== 0) throw new Error("jupyter is missing: apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core");
  installKernel();
  return process.env;
}

/** Executes one notebook; `output` is a folder (a copy) or null (in place). Returns the process result. */
export function execute(notebook, env, output = null) {
  const args = ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=900'];
  if (output) args.push('--output-dir', output);
  else args.push('--inplace');
  return spawnSync('jupyter', [...args, notebook], { cwd: here, encoding: 'utf8', env: { ...env, PYDEVD_DISABLE_FILE_VALIDATION: '1' } });
}

/** Execution times change on every run; without them a second run leaves `git status` clean. */
export function stripTimestamps(file) {
  const nb = JSON.parse(readFileSync(file, 'utf8'));
  for (const cell of nb.cells) if (cell.metadata) delete cell.metadata.execution;
  writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);
}

export const notebooks = readdirSync(here).filter((f) => f.endsWith('.ipynb')).sort();

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = prepareKernel();
  for (const nb of notebooks) {
    const t = Date.now();
    const r = execute(nb, env);
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    stripTimestamps(join(here, nb));
    console.log(`${nb}: ok (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
}
