import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLog } from '../../src/serve/decisions.js';
import { serve, type Workbench } from '../../src/serve/server.js';
import { ROOT, tempDir } from '../helpers.js';
import { spawnServe } from './spawn.js';

/** The bundled customers under `name` in `dir`: decisions are about customers and tiers that exist. */
const withCustomers = (dir: string, name = 'customers.csv') => {
  copyFileSync(join(ROOT, 'data', 'customers.csv'), join(dir, name));
  return dir;
};

const decision = (customer: string, extra: Record<string, string> = {}) => ({
  reviewer: 'Mei',
  dataset: 'dir:customers.csv',
  assigned: 'assigned_tier',
  customer,
  from: 'B',
  to: 'A',
  action: 'set',
  reason: 'signed a framework contract',
  ...extra,
});

describe('strata serve: decisions are data', () => {
  const dir = withCustomers(withCustomers(tempDir()), 'load.csv');
  let w: Workbench;
  let post: (body: unknown) => Promise<Response>;
  let get: (path: string) => Promise<Response>;
  beforeAll(async () => {
    w = await serve({ dir, port: 0 });
    const headers = { authorization: `Bearer ${w.token}` };
    const base = `http://127.0.0.1:${w.port}`;
    post = (body) =>
      fetch(`${base}/api/decisions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    get = (path) => fetch(`${base}${path}`, { headers });
  });
  afterAll(async () => {
    await w.close();
  });

  it('recorded with who, when, the old and new tier and the reason; nothing overwritten; exported as CSV', async () => {
    expect((await post(decision('C00001'))).status).toBe(201);
    const again = await post(
      decision('C00001', { from: 'A', to: 'C', reason: '=HYPERLINK("http://x")', reviewer: 'Tom' }),
    );
    expect(again.status).toBe(201);
    const log = (await (await get('/api/decisions?dataset=dir%3Acustomers.csv')).json()) as {
      seq: number;
      to: string;
      reviewer: string;
    }[];
    expect(log.map((d) => [d.seq, d.to, d.reviewer])).toEqual([
      [1, 'A', 'Mei'],
      [2, 'C', 'Tom'],
    ]);
    const tiers = await (await get('/export/tiers.csv?dataset=dir%3Acustomers.csv')).text();
    expect(tiers.split('\n')[0]).toBe('customer,tier,decided_by,decided_at');
    expect(tiers.split('\n')[1]).toMatch(/^C00001,C,Tom,20\d\d-/);
    const csv = await (await get('/export/decisions.csv?dataset=dir%3Acustomers.csv')).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.trim().split('\n')).toHaveLength(3);
  });

  it('an incomplete or contradictory decision is refused with 400 and not recorded', async () => {
    const before = ((await (await get('/api/decisions?dataset=dir%3Acustomers.csv')).json()) as unknown[])
      .length;
    for (const bad of [
      decision('C00002', { reason: '  ' }),
      decision('C00002', { action: 'delete' }),
      decision('C00002', { action: 'keep' }),
      decision('C00002', { to: 'Z' }),
      decision('nobody'),
      decision('C00002', { assigned: '' }),
      decision('C00002', { assigned: 'no_such_column' }),
      { ...decision('C00002'), reviewer: 7 },
      'not an object',
    ]) {
      const r = await post(bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBeTruthy();
    }
    const error = async (body: unknown) => ((await (await post(body)).json()) as { error: string }).error;
    expect(await error(decision('C00002', { to: 'Z' }))).toBe('tier "Z" is not one of A, B, C, D, E');
    expect(await error(decision('nobody'))).toBe('customer "nobody" is not in customers.csv');
    expect((await post(decision('C00002', { dataset: 'dir:gone.csv' }))).status).toBe(404);
    const after = ((await (await get('/api/decisions?dataset=dir%3Acustomers.csv')).json()) as unknown[])
      .length;
    expect(after).toBe(before);
  });

  it('20 reviewers at once: every acknowledged decision is in the log, in one order', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, c) =>
        (async () => {
          const seqs: number[] = [];
          for (let i = 0; i < 10; i++) {
            const customer = `C${String(1 + c * 10 + i).padStart(5, '0')}`;
            const r = await post(decision(customer, { dataset: 'dir:load.csv', reviewer: `R${c}` }));
            expect(r.status).toBe(201);
            seqs.push(((await r.json()) as { seq: number }).seq);
          }
          return seqs;
        })(),
      ),
    );
    const log = (await (await get('/api/decisions?dataset=dir%3Aload.csv')).json()) as {
      seq: number;
      customer: string;
    }[];
    expect(log).toHaveLength(200);
    expect(new Set(answers.flat()).size).toBe(200);
    expect(new Set(log.map((d) => d.customer)).size).toBe(200);
  });
});

describe('strata serve killed during a review', () => {
  it('loses no acknowledged decision', async () => {
    const dir = tempDir();
    const { child, origin, headers } = await spawnServe(withCustomers(dir, 'kill.csv'));
    let acknowledged = 0;
    for (let i = 0; i < 30; i++) {
      const r = await fetch(`${origin}/api/decisions`, {
        method: 'POST',
        headers,
        body: JSON.stringify(decision(`C${String(i + 1).padStart(5, '0')}`, { dataset: 'dir:kill.csv' })),
      });
      if (r.status === 201) acknowledged++;
    }
    child.kill('SIGKILL');
    await new Promise((done) => child.on('exit', done));
    expect(acknowledged).toBe(30);
    const log = await DecisionLog.open(dir);
    try {
      expect((await log.list('dir:kill.csv')).map((d) => d.customer)).toEqual(
        Array.from({ length: 30 }, (_, i) => `C${String(i + 1).padStart(5, '0')}`),
      );
    } finally {
      log.close();
    }
  });
});
