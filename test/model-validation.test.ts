import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../src/errors.js';
import { validateModel } from '../src/model/model-file.js';
import { cli, ROOT, tempDir } from './helpers.js';

const MODELS = join(ROOT, 'test', 'fixtures', 'models');
const kmeans = () => JSON.parse(readFileSync(join(MODELS, 'kmeans-v1-previous-layout.json'), 'utf8'));
const tree = () => JSON.parse(readFileSync(join(MODELS, 'tree-v1-previous-layout.json'), 'utf8'));

function refused(model: unknown): string {
  try {
    validateModel('m.json', model);
  } catch (e) {
    if (e instanceof DataError) return e.message;
    return `crashed: ${(e as Error).message}`;
  }
  return 'accepted';
}

/** A chain of `levels` splits on the first input: a deep, valid-looking tree. */
function deepTree(levels: number) {
  const m = tree();
  const C = m.state.classes.length;
  const n = 2 * levels + 1;
  const s = m.state;
  s.feature = [];
  s.threshold = [];
  s.left = [];
  s.right = [];
  s.missingLeft = [];
  s.value = [];
  s.samples = [];
  s.impurity = [];
  for (let i = 0; i < n; i++) {
    const inner = i % 2 === 0 && i < n - 1;
    s.feature.push(inner ? 0 : -1);
    s.threshold.push(inner ? i : 0);
    s.left.push(inner ? i + 1 : -1);
    s.right.push(inner ? i + 2 : -1);
    s.missingLeft.push(0);
    s.value.push(Array.from({ length: C }, () => 1));
    s.samples.push(1);
    s.impurity.push(0);
  }
  return m;
}

describe('model files are validated whole: structure, finite numbers, limits', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'k = 0',
      () => ({ ...kmeans(), state: { ...kmeans().state, k: 0, centroids: [], names: [] } }),
      /state\.k is not a whole number ≥ 1/,
    ],
    [
      'a scale of 0',
      () => {
        const m = kmeans();
        m.recipe.steps[0].scale = 0;
        return m;
      },
      /recipe\.steps\[0\] .* has damaged numbers/,
    ],
    [
      'a subnormal scale',
      () => {
        const m = kmeans();
        m.recipe.steps[0].scale = 1e-320;
        return m;
      },
      /has damaged numbers/,
    ],
    [
      'a centre of 1e308',
      () => {
        const m = kmeans();
        m.state.centroids[0][0] = 1e308;
        return m;
      },
      /state\.centroids\[0\]\[0\] is 1e\+308, not a number within ±1e150$/,
    ],
    [
      'a version written as text',
      () => ({ ...kmeans(), version: '2' }),
      /"version" is "2", not a whole number ≥ 1$/,
    ],
    [
      'duplicate segment names',
      () => {
        const m = kmeans();
        m.state.names[1] = m.state.names[0];
        return m;
      },
      /k distinct segment names/,
    ],
    [
      'duplicate class names',
      () => {
        const m = tree();
        m.state.classes[1] = m.state.classes[0];
        return m;
      },
      /distinct class names/,
    ],
    [
      'a negative class total',
      () => {
        const m = tree();
        m.state.value[0][0] = -5;
        return m;
      },
      /class totals ≥ 0/,
    ],
    [
      'a non-integer child index',
      () => {
        const m = tree();
        m.state.left[0] = 1.5;
        return m;
      },
      /point outside the tree/,
    ],
    [
      'a feature index of 0.5',
      () => {
        const m = tree();
        m.state.feature[0] = 0.5;
        return m;
      },
      /is not a feature of the recipe/,
    ],
    [
      'a node with two parents',
      () => {
        const m = tree();
        m.state.right[0] = m.state.left[0];
        return m;
      },
      /(two parents|not reached)/,
    ],
    ['a tree 600 levels deep', () => deepTree(600), /deeper than the 500 levels/],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name} in one line`, () => {
      expect(refused(make())).toMatch(message);
    });
  }

  it('accepts a deep but allowed tree, and exports it without recursion trouble', () => {
    expect(refused(deepTree(400))).toBe('accepted');
    const dir = tempDir();
    const f = join(dir, 'deep.json');
    writeFileSync(f, JSON.stringify(deepTree(400)));
    const r = cli(['export', f, '--to', 'pmml']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('refuses a model file over 64 MB before reading it', () => {
    const dir = tempDir();
    const f = join(dir, 'big.json');
    writeFileSync(f, Buffer.alloc(65 * 1024 * 1024, 32));
    const r = cli(['predict', f, 'data/customers.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/larger than 64 MB/);
  });
});
