import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { CLUSTER_METHODS } from '../cluster/method.js';
import { pathOf } from './files.js';
import { type ClusterRunner, Jobs } from './jobs.js';
import { segmentsPage } from './pages.js';
import { RequestError, type Uploads } from './uploads.js';

/** Clustering runs: start, follow, cancel, rename; the segments page and its charts. */
export function jobRoutes(
  app: FastifyInstance,
  dir: string,
  uploads: Uploads,
  runCluster?: ClusterRunner,
): Jobs {
  const jobs = new Jobs(
    dir,
    runCluster ??
      (() => {
        throw new RequestError(501, 'this workbench cannot cluster: start it with strata serve');
      }),
    undefined,
    (m) => uploads.shown(m),
  );
  app.post<{ Body: { key?: unknown; k?: unknown; method?: unknown; features?: unknown } }>(
    '/api/jobs/cluster',
    async (req, reply) => {
      const b = req.body ?? {};
      const found = pathOf(dir, uploads, typeof b.key === 'string' ? b.key : '');
      if (!found) return reply.code(404).send({ error: 'no such data file' });
      const k = b.k === 'auto' ? 'auto' : Number(b.k);
      if (k !== 'auto' && !(Number.isInteger(k) && k >= 1 && k <= 100))
        return reply.code(400).send({ error: 'k is auto or a whole number from 1 to 100' });
      const method = CLUSTER_METHODS.find((m) => m === (b.method ?? 'kmeans'));
      if (!method) return reply.code(400).send({ error: `method is ${CLUSTER_METHODS.join(', ')}` });
      const features =
        Array.isArray(b.features) && b.features.every((f) => typeof f === 'string')
          ? (b.features as string[])
          : undefined;
      const job = jobs.start({
        key: found.file.key,
        path: found.path,
        name: found.file.name,
        k,
        method,
        features,
      });
      return reply.code(202).send(job);
    },
  );
  app.get<{ Params: { id: string } }>('/api/jobs/:id', (req, reply) => {
    const job = jobs.get(req.params.id);
    return job ? reply.send(job) : reply.code(404).send({ error: 'no such run' });
  });
  app.delete<{ Params: { id: string } }>('/api/jobs/:id', (req, reply) => {
    const job = jobs.cancel(req.params.id);
    return job ? reply.send(job) : reply.code(404).send({ error: 'no such run' });
  });
  app.post<{ Params: { id: string }; Body: { names?: unknown } }>('/api/jobs/:id/rename', (req, reply) => {
    const job = jobs.get(req.params.id);
    const summary = jobs.summary(req.params.id) as { k: number } | undefined;
    if (!job || !summary) return reply.code(404).send({ error: 'no finished run of that id' });
    const names = req.body?.names;
    if (
      !Array.isArray(names) ||
      names.length !== summary.k ||
      !names.every((n) => typeof n === 'string' && n.trim() && n.length <= 80) ||
      new Set(names.map((n: string) => n.trim())).size !== names.length
    )
      return reply
        .code(400)
        .send({ error: `names are ${summary.k} distinct, non-empty texts of at most 80 characters` });
    const again = jobs.start({ ...job.options, k: summary.k, names: names.map((n: string) => n.trim()) });
    return reply.code(202).send(again);
  });
  runPages(app, jobs);
  app.addHook('onClose', async () => jobs.stopAll());

  return jobs;
}

/** The segments page of a run, and the charts it wrote. */
function runPages(app: FastifyInstance, jobs: Jobs): void {
  app.get<{ Params: { id: string } }>('/segments/:id', (req, reply) => {
    const job = jobs.get(req.params.id);
    if (!job) return reply.code(404).send({ error: 'no such run' });
    const summary = jobs.summary(job.id) as Parameters<typeof segmentsPage>[1];
    const charts = summary
      ? readdirSync(join(job.dir, 'charts'))
          .filter((f) => f.endsWith('.svg'))
          .sort()
      : [];
    return reply.type('text/html').send(segmentsPage(job, summary, charts));
  });
  app.get<{ Params: { id: string; chart: string } }>('/runs/:id/charts/:chart', (req, reply) => {
    const job = jobs.get(req.params.id);
    // Only a chart the run wrote, found by its listed name: the client's text is never a path.
    const chart =
      job?.status === 'done'
        ? readdirSync(join(job.dir, 'charts')).find((f) => f === req.params.chart && f.endsWith('.svg'))
        : undefined;
    if (!job || !chart) return reply.code(404).send({ error: 'no such chart' });
    return reply.type('image/svg+xml').send(readFileSync(join(job.dir, 'charts', chart)));
  });
}
