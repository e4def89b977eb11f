import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with `npm run notebooks`
import { execute, notebooks, prepareKernel } from '../notebooks/run.mjs';
import { peer, ROOT, suite, tempDir } from './helpers.js';

interface Output {
  output_type: string;
  text?: string[];
  name?: string;
  data?: Record<string, string[] | string>;
  ename?: string;
}
interface Notebook {
  cells: { cell_type: string; outputs?: Output[] }[];
}

const hasJupyter = peer(
  () => spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' }).status === 0,
  "Jupyter (Debian's jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core)",
);

/** What a reader sees as text, in order: printed lines and the kinds of rich output. */
function visible(nb: Notebook): string[] {
  return nb.cells.flatMap((c) =>
    (c.outputs ?? []).map((o) => {
      if (o.output_type === 'stream') return `${o.name}: ${(o.text ?? []).join('')}`;
      const html = o.data?.['text/html'];
      const text = Array.isArray(html) ? html.join('') : (html ?? '');
      return `${o.output_type}: ${text.includes('<svg') ? 'chart' : text.startsWith('<table') ? text : Object.keys(o.data ?? {}).join(',')}`;
    }),
  );
}

suite('notebooks (tslab kernel, executed headless with nbconvert)', !!hasJupyter, () => {
  const env = hasJupyter ? prepareKernel() : {};
  const out = tempDir();
  for (const name of notebooks as string[]) {
    it(`${name} runs without a cell error, shows a chart inline, and its committed outputs are current`, () => {
      const r = execute(name, env, out);
      expect(r.status, r.stderr.split('\n').slice(-30).join('\n')).toBe(0);
      const fresh = JSON.parse(readFileSync(join(out, name), 'utf8')) as Notebook;
      const errors = fresh.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
      expect(errors).toEqual([]);
      expect(visible(fresh).filter((v) => v.endsWith(': chart')).length).toBeGreaterThan(0);
      const committed = JSON.parse(readFileSync(join(ROOT, 'notebooks', name), 'utf8')) as Notebook;
      expect(visible(committed), `${name}: run \`npm run notebooks\` and commit the outputs`).toEqual(
        visible(fresh),
      );
    });
  }
});

suite('strata.show without await (tslab kernel)', !!hasJupyter, () => {
  it('the picture reaches the cell that asked for it, after the cell ends, and no Promise is printed', () => {
    if (hasJupyter) prepareKernel();
    // A Jupyter client as a front end is: it routes each output by the cell (parent) that sent it.
    const script = `
import sys, time, queue
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name='tslab', cwd=${JSON.stringify(join(ROOT, 'notebooks'))})
try:
    kc.execute_interactive("import * as strata from 'strata';\\nconst t = await strata.load('../data/customers.csv');\\nconst r = strata.classify(t, { label: 'assigned_tier', maxDepth: 2 });", timeout=300)
    msg_id = kc.execute("strata.show(r)")
    seen, idle, deadline = [], False, time.time() + 120
    while time.time() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            if idle and 'display' in seen: break
            continue
        if m['parent_header'].get('msg_id') != msg_id: continue
        t = m['msg_type']
        if t == 'status' and m['content']['execution_state'] == 'idle': idle = True; seen.append('idle')
        elif t == 'stream': seen.append('stream:' + m['content']['text'].strip())
        elif t == 'display_data' and '<svg' in m['content']['data'].get('text/html', ''): seen.append('display')
        elif t == 'error': seen.append('error:' + m['content']['evalue'])
    print('|'.join(seen))
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
`;
    const r = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 300_000 });
    const seen = r.stdout.trim().split('\n').pop()!.split('|');
    expect(seen, r.stderr.slice(-2000)).toContain('display');
    expect(seen.filter((s) => s.startsWith('error:') || s.includes('Promise'))).toEqual([]);
  });
});
