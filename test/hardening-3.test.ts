/** Issue #32: quiet wrong answers from cut files and odd values, each with the input that broke it. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

/** 50,000 rows of id, x, y: big enough that a cut lands mid-stream. */
function points(): string {
  const lines = ['id,x,y'];
  for (let i = 0; i < 50_000; i++)
    lines.push(`${i},${((i * 7919) % 1000) / 1000},${((i * 104729) % 997) / 997}`);
  return `${lines.join('\n')}\n`;
}

describe('damaged files are refused, never read as shorter ones', () => {
  it('a .csv.gz cut short: one line, exit 1, nothing written (cluster and rfm)', () => {
    const dir = tempDir();
    const whole = gzipSync(points());
    for (const cut of [0.6, 0.3, 0.95]) {
      const file = join(dir, `cut-${cut}.csv.gz`);
      writeFileSync(file, whole.subarray(0, Math.floor(whole.length * cut)));
      const out = join(dir, `out-${cut}`);
      const r = cli(['cluster', file, '--k', '3', '--out', out, '--no-report']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${file}: the compressed file ends early (truncated?)`);
      expect(existsSync(out)).toBe(false);
    }
    const tx = join(dir, 'tx.csv.gz');
    const log = gzipSync(
      `customer,date,amount\n${Array.from({ length: 20_000 }, (_, i) => `c${i % 900},2024-0${1 + (i % 9)}-1${i % 10},${i % 97}`).join('\n')}\n`,
    );
    writeFileSync(tx, log.subarray(0, Math.floor(log.length * 0.5)));
    const r = cli([
      'rfm',
      tx,
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--out',
      join(dir, 'rfm'),
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('the compressed file ends early (truncated?)');
    // The whole file still reads.
    const good = join(dir, 'good.csv.gz');
    writeFileSync(good, whole);
    const ok = cli(['describe', good, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).input.rows).toBe(50_000);
  });

  it('a file that is not gzip at all but named .gz says so', () => {
    const dir = tempDir();
    const file = join(dir, 'plain.csv.gz');
    writeFileSync(file, readFileSync('data/customers.csv'));
    const r = cli(['describe', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/plain\.csv\.gz: is not a readable gzip file/);
  });
});
