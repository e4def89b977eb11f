import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitTree } from '../src/classify/cart.js';
import { classifyTable } from '../src/classify/classify-table.js';
import { clusterTable } from '../src/cluster/cluster-table.js';
import { load } from '../src/data/load.js';
import { OptionError } from '../src/errors.js';
import { cli, ROOT } from './helpers.js';

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof OptionError ? e.message : `not an OptionError: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('options are checked once, by one spec per pipeline', () => {
  it('the library names the option, never a flag', async () => {
    const t = await load('data/customers.csv', { id: 'customer_id' });
    expect(message(() => classifyTable(t, { label: 'assigned_tier', maxDepth: 0 }))).toBe(
      'maxDepth must be an integer ≥ 1 (got 0)',
    );
    expect(message(() => clusterTable(t, { k: 0 }))).toBe('k must be "auto" or an integer ≥ 1 (got 0)');
    expect(message(() => clusterTable(t, { kRange: [5, 3] }))).toBe(
      'kRange must be a range FROM-TO with 2 ≤ FROM ≤ TO ≤ 100 (got 5-3)',
    );
    expect(message(() => clusterTable(t, { scale: 'huge' as 'none' }))).toMatch(/^scale must be one of/);
    expect(message(() => clusterTable(t, { kk: 3 } as object))).toMatch(/^kk is not an option here/);
    expect(
      message(() =>
        fitTree(
          { x: { data: new Float64Array(4), rows: 2, cols: 2 }, y: new Int32Array(2), classes: ['a', 'b'] },
          { maxDepth: 0 },
        ),
      ),
    ).toBe('maxDepth must be an integer ≥ 1 (got 0)');
  });

  it('the CLI says the same with the flag, before reading any data', () => {
    const r = cli(['classify', 'no-such-file.csv', '--label', 'x', '--max-depth', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('strata: --max-depth must be an integer ≥ 1 (got 0)\n');
    const leaf = cli(['classify', 'data/customers.csv', '--label', 'assigned_tier', '--min-leaf', 'few']);
    expect(leaf.stderr).toBe('strata: --min-leaf must be an integer ≥ 1 (got "few")\n');
  });

  it('no library module imports from cli/ or puts a flag (--name) in a message', () => {
    const src = join(ROOT, 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.startsWith('cli'),
    );
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) {
      const text = readFileSync(join(src, f), 'utf8');
      expect(text, f).not.toMatch(/from '(\.\.\/)+cli\//);
      // String literals only: comments and the SQL comment marker are not messages.
      const literals =
        text.replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, '').match(/(['`"])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? [];
      const flags = literals.filter((l) => /--[a-z]/.test(l));
      expect(flags, f).toEqual([]);
    }
  });

  it('the CLI calls only the public library (src/index.ts) and generic helpers', () => {
    const cli = join(ROOT, 'src', 'cli');
    for (const f of readdirSync(cli)) {
      const text = readFileSync(join(cli, f), 'utf8');
      const from = [...text.matchAll(/from '(\.\.?\/[^']+)'/g)].map((m) => m[1]);
      const other = from.filter(
        (p) => !p.startsWith('./') && p !== '../index.js' && !p.startsWith('../util/'),
      );
      expect(other, f).toEqual([]);
    }
  });
});
