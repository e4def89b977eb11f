import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/util/random.js';

/** A generated CSV with planted segments, and each row's true segment. */
export interface Planted {
  file: string;
  truth: Int32Array;
  features: string[];
}

/**
 * Customer records as they mostly are: five categories (industry, region, ownership, channel,
 * contract) whose typical level differs by segment, beside two money amounts with heavy tails.
 */
export function plantedRecords(dir: string, n = 2000, seed = 1): Planted {
  const rnd = new Random(seed);
  const truth = new Int32Array(n);
  const cats = [
    ['industry', 8],
    ['region', 5],
    ['ownership', 3],
    ['channel', 3],
    ['contract', 3],
  ] as const;
  const lines = [['id', 'revenue', 'orders', ...cats.map((c) => c[0])].join(',')];
  for (let i = 0; i < n; i++) {
    const s = rnd.int(4);
    truth[i] = s;
    const row = [
      `C${i}`,
      Math.exp(rnd.normal(6 + 0.8 * s, 1)).toFixed(2),
      String(Math.round(Math.exp(rnd.normal(2 + (0.8 * ((s * 3) % 4)) / 2, 1)))),
    ];
    cats.forEach(([name, levels], c) => {
      row.push(`${name}${rnd.next() < 0.8 ? (s + c) % levels : rnd.int(levels)}`);
    });
    lines.push(row.join(','));
  }
  const file = join(dir, `records-${n}-${seed}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, truth, features: ['revenue', 'orders', ...cats.map((c) => c[0])] };
}

/**
 * Segments in two amounts; beside them five columns that all describe one platform choice (device,
 * OS, browser, app store, wallet) unrelated to the segments, as exports from one system often carry.
 */
export function plantedPlatform(dir: string, n = 2000, seed = 7): Planted {
  const rnd = new Random(seed);
  const truth = new Int32Array(n);
  const platform = ['device', 'os', 'browser', 'store', 'wallet'];
  const lines = [['id', 'spend', 'tenure', 'region', 'channel', ...platform].join(',')];
  for (let i = 0; i < n; i++) {
    const s = rnd.int(4);
    truth[i] = s;
    const pick = (levels: number) => (rnd.next() < 0.9 ? s % levels : rnd.int(levels));
    const row = [
      `C${i}`,
      rnd.normal((s & 1) * 6, 1).toFixed(3),
      rnd.normal((s >> 1) * 6, 1).toFixed(3),
      `R${pick(4)}`,
      `CH${pick(4)}`,
    ];
    const choice = rnd.int(4);
    for (const p of platform) row.push(`${p}${choice}`);
    lines.push(row.join(','));
  }
  const file = join(dir, `platform-${n}-${seed}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, truth, features: ['spend', 'tenure', 'region', 'channel', ...platform] };
}
