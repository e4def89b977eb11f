import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readingOf } from '../../src/cluster/stability.js';
import { Random } from '../../src/util/random.js';
import { cli, tempDir } from '../helpers.js';

/** Three tight blobs of 300 customers, and 90 scattered around them far out: a segment made of noise. */
function blobsAndNoise(dir: string): string {
  const rnd = new Random(11);
  const lines = ['x,y'];
  for (const [cx, cy] of [
    [0, 0],
    [10, 0],
    [5, 9],
  ])
    for (let i = 0; i < 300; i++)
      lines.push(`${rnd.normal(cx, 1).toFixed(3)},${rnd.normal(cy, 1).toFixed(3)}`);
  for (let i = 0; i < 90; i++) {
    const a = 2 * Math.PI * rnd.next();
    const r = 15 + 30 * rnd.next();
    lines.push(`${(5 + r * Math.cos(a)).toFixed(3)},${(3 + r * Math.sin(a)).toFixed(3)}`);
  }
  const file = join(dir, 'blobs.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Summary {
  clusters: { customers: number; stability: number; stabilityReading: string; segment: string }[];
  warnings: { code: string; message: string }[];
  parameters: { stability: number };
}

describe('segment stability (--stability B)', () => {
  const dir = tempDir();
  const file = blobsAndNoise(dir);

  it("flags the planted noise segment as dissolving and the real ones as highly stable (Hennig's reading)", () => {
    const r = cli([
      'cluster',
      file,
      '--k',
      '4',
      '--seed',
      '1',
      '--stability',
      '50',
      '--out',
      join(dir, 'a'),
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.parameters.stability).toBe(50);
    const small = s.clusters.filter((c) => c.customers < 100);
    const blobs = s.clusters.filter((c) => c.customers >= 250);
    expect(small).toHaveLength(1);
    expect(blobs).toHaveLength(3);
    expect(small[0].stability).toBeLessThan(0.6);
    expect(small[0].stabilityReading).toBe('dissolved');
    for (const b of blobs) {
      expect(b.stability).toBeGreaterThan(0.85);
      expect(b.stabilityReading).toBe('highly stable');
    }
    const warned = s.warnings.filter((w) => w.code === 'dissolving-segment');
    expect(warned).toHaveLength(1);
    expect(warned[0].message).toContain(small[0].segment);
  });

  it('gives the same numbers on one thread and on several, and again with the same seed', () => {
    const outs = ['1', '2', '4'].map((threads) => {
      const out = join(dir, `t${threads}`);
      const r = cli(
        [
          'cluster',
          file,
          '--k',
          '4',
          '--seed',
          '3',
          '--stability',
          '12',
          '--out',
          out,
          '--no-report',
          '--json',
        ],
        {
          env: { STRATA_THREADS: threads },
        },
      );
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as Summary).clusters.map((c) => c.stability);
    });
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).toEqual(outs[0]);
    expect(readFileSync(join(dir, 't1', 'assignments.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 't4', 'assignments.csv'), 'utf8'),
    );
  });

  it('reads a mean Jaccard as Hennig does', () => {
    expect([0.3, 0.6, 0.74, 0.75, 0.85, 0.86].map(readingOf)).toEqual([
      'dissolved',
      'weak pattern',
      'weak pattern',
      'stable',
      'stable',
      'highly stable',
    ]);
  });
});
