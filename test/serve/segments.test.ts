import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterRunner } from '../../src/cli/serve-command.js';
import { readAssignments } from '../../src/cluster/segment-files.js';
import { serve, type Workbench } from '../../src/serve/server.js';
import { ROOT, tempDir } from '../helpers.js';
import { spawnServe } from './spawn.js';

interface JobAnswer {
  id: string;
  status: string;
  error?: string;
  dir: string;
}

describe('strata serve: segments from the page, off the request path', () => {
  const dir = tempDir();
  let w: Workbench;
  let call: (path: string, init?: { method?: string; body?: unknown }) => Promise<Response>;
  const until = async (id: string): Promise<JobAnswer> => {
    for (let i = 0; i < 600; i++) {
      const j = (await (await call(`/api/jobs/${id}`)).json()) as JobAnswer;
      if (j.status !== 'running' && j.status !== 'queued') return j;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the run did not end');
  };
  beforeAll(async () => {
    copyFileSync(join(ROOT, 'data', 'customers.csv'), join(dir, 'customers.csv'));
    writeFileSync(join(dir, 'words.csv'), 'id,comment\n1,good\n2,bad\n3,fine\n');
    w = await serve({ dir, port: 0, runCluster: clusterRunner });
    call = (path, init = {}) =>
      fetch(`http://127.0.0.1:${w.port}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${w.token}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
  });
  afterAll(async () => {
    await w.close();
  });

  it('clusters with k = 4, shows the segments and their charts, and renames one by running again with the names', async () => {
    const start = await call('/api/jobs/cluster', {
      method: 'POST',
      body: { key: 'dir:customers.csv', k: 4, method: 'kmeans' },
    });
    expect(start.status).toBe(202);
    const job = await until(((await start.json()) as JobAnswer).id);
    expect(job.status, job.error).toBe('done');
    const page = await (await call(`/segments/${job.id}`)).text();
    const names = [...page.matchAll(/class="name" data-cluster="\d+" value="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toHaveLength(4);
    const svg = await call(`/runs/${job.id}/charts/segment-sizes.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect((await call(`/runs/${job.id}/charts/${encodeURIComponent('../summary.json')}`)).status).toBe(404);
    // Names a spreadsheet would run as formulas come back exactly, without the CSV guard's apostrophe.
    const renamed = ['Key accounts', '=Top tier', '-10% churners', '@risk'];
    const again = await call(`/api/jobs/${job.id}/rename`, { method: 'POST', body: { names: renamed } });
    expect(again.status).toBe(202);
    const second = await until(((await again.json()) as JobAnswer).id);
    expect(second.status, second.error).toBe('done');
    const model = JSON.parse(readFileSync(join(second.dir, 'model.json'), 'utf8')) as {
      state: { names: string[] };
    };
    expect(model.state.names).toEqual(renamed);
    expect(await (await call(`/segments/${second.id}`)).text()).toContain('value="Key accounts"');
    const dup = await call(`/api/jobs/${job.id}/rename`, {
      method: 'POST',
      body: { names: ['A', 'A', 'B', 'C'] },
    });
    expect(dup.status).toBe(400);
  });

  it('a workbench started without a runner says it cannot cluster (501)', async () => {
    const bare = await serve({ dir, port: 0 });
    try {
      const r = await fetch(`http://127.0.0.1:${bare.port}/api/jobs/cluster`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bare.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'dir:customers.csv', k: 3 }),
      });
      expect(r.status).toBe(501);
      expect(((await r.json()) as { error: string }).error).toMatch(/cannot cluster/);
    } finally {
      await bare.close();
    }
  });

  it('clusters on the features chosen in the form', async () => {
    const start = await call('/api/jobs/cluster', {
      method: 'POST',
      body: { key: 'dir:customers.csv', k: 3, method: 'kmeans', features: ['sales_12m', 'margin_pct'] },
    });
    const job = await until(((await start.json()) as JobAnswer).id);
    expect(job.status, job.error).toBe('done');
    const summary = JSON.parse(readFileSync(join(job.dir, 'summary.json'), 'utf8')) as {
      features: string[];
      k: number;
    };
    expect(summary.features).toEqual(['sales_12m', 'margin_pct']);
    expect(summary.k).toBe(3);
  });

  it('a run that fails says why in one line, and the server goes on; a cancelled run leaves nothing', async () => {
    expect(
      (await call('/api/jobs/cluster', { method: 'POST', body: { key: 'dir:customers.csv', k: 0 } })).status,
    ).toBe(400);
    const bad = await call('/api/jobs/cluster', { method: 'POST', body: { key: 'dir:words.csv', k: 2 } });
    const failed = await until(((await bad.json()) as JobAnswer).id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/words\.csv/);
    expect(failed.error).not.toMatch(/\n|\s+at /);
    expect((await call('/api/files')).status).toBe(200);
    const slow = await call('/api/jobs/cluster', {
      method: 'POST',
      body: { key: 'dir:customers.csv', k: 'auto', method: 'kmedoids' },
    });
    const { id, dir: runDir } = (await slow.json()) as JobAnswer;
    // While it works, its page says so and offers to cancel it.
    const running = await (await call(`/segments/${id}`)).text();
    expect(running).toMatch(/Running: <span id="progress">/);
    expect(running).toContain('id="cancel"');
    const cancelled = (await (await call(`/api/jobs/${id}`, { method: 'DELETE' })).json()) as JobAnswer;
    expect(cancelled.status).toBe('cancelled');
    for (let i = 0; i < 100 && existsSync(runDir); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(runDir)).toBe(false);
    expect(((await (await call(`/api/jobs/${id}`)).json()) as JobAnswer).status).toBe('cancelled');
  });

  it('the review list narrows to a segment of a finished run and to an owner of the card whose tiers these are', async () => {
    const start = await call('/api/jobs/cluster', {
      method: 'POST',
      body: { key: 'dir:customers.csv', k: 3, method: 'kmeans', features: ['sales_12m', 'margin_pct'] },
    });
    const job = await until(((await start.json()) as JobAnswer).id);
    expect(job.status, job.error).toBe('done');
    const review = (q: string) =>
      call(`/review?key=dir%3Acustomers.csv&assigned=assigned_tier&value=sales_12m${q}`).then((r) =>
        r.text(),
      );
    const ids = (html: string) => [...html.matchAll(/data-customer="([^"]*)"/g)].map((m) => m[1]);
    const all = await review('');
    expect(all).toContain(`<optgroup label="k = 3, kmeans, run at `);
    expect(all).toContain('<optgroup label="owners in sample-tier.yaml (shipped with Strata)">');
    // Each customer's segment from the run's assignments; the list keeps exactly that segment's disagreements.
    const segmentOf = await readAssignments(job.dir);
    const name = segmentOf.get(ids(all)[0])!;
    const narrowed = await review(`&segment=${encodeURIComponent(`${job.id}/${name}`)}`);
    expect(narrowed).toContain('<th>segment</th>');
    const kept = ids(narrowed);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(ids(all).length);
    expect(kept.every((id) => segmentOf.get(id) === name)).toBe(true);
    expect(kept).toEqual(
      ids(all)
        .filter((id) => segmentOf.get(id) === name)
        .slice(0, 500),
    );
    // The owner of a tier is its policy's owner in the card; a row stays when it is the owner now or after.
    const ownerOf = new Map([
      ['A', 'Key account manager'],
      ['B', 'Account manager'],
      ['C', 'Sales representative'],
      ['D', 'Inside sales'],
      ['E', 'Inside sales'],
    ]);
    const byOwner = await review(`&owner=${encodeURIComponent('shipped:sample-tier.yaml/Account manager')}`);
    expect(byOwner).toContain('<th>owner (now → model)</th>');
    const rows = [...byOwner.matchAll(/data-assigned="([^"]*)" data-predicted="([^"]*)"/g)];
    expect(rows.length).toBeGreaterThan(0);
    for (const [, a, p] of rows) expect([ownerOf.get(a), ownerOf.get(p)]).toContain('Account manager');
    expect(
      (await call(`/review?key=dir%3Acustomers.csv&assigned=assigned_tier&segment=nope%2Fx`)).status,
    ).toBe(404);
    expect(
      (
        await call(
          `/review?key=dir%3Acustomers.csv&assigned=assigned_tier&owner=${encodeURIComponent('shipped:bank-corporate-size.yaml/SME team')}`,
        )
      ).status,
    ).toBe(404);
  });
});

describe('strata serve from the command line', () => {
  it('clusters from the page: the CLI gives the workbench its runner (strata cluster in a child process)', async () => {
    const dir = tempDir();
    copyFileSync(join(ROOT, 'data', 'customers.csv'), join(dir, 'customers.csv'));
    const { child, origin, headers } = await spawnServe(dir);
    try {
      const start = await fetch(`${origin}/api/jobs/cluster`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ key: 'dir:customers.csv', k: 3, method: 'kmeans' }),
      });
      expect(start.status).toBe(202);
      const { id } = (await start.json()) as JobAnswer;
      let job: JobAnswer = { id, status: 'running', dir: '' };
      for (let i = 0; i < 600 && job.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = (await (await fetch(`${origin}/api/jobs/${id}`, { headers })).json()) as JobAnswer;
      }
      expect(job.status, job.error).toBe('done');
      expect(existsSync(join(job.dir, 'assignments.csv'))).toBe(true);
    } finally {
      child.kill();
    }
  });
});
