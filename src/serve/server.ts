import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CLUSTER_METHODS } from '../cluster/method.js';
import { load } from '../data/load.js';
import { OptionError, StrataError, UsageError } from '../errors.js';
import { idColumn } from '../prep/features.js';
import { describe } from '../results/describe.js';
import { SCRIPT, STYLE } from './assets.js';
import { checkDecision, DecisionError, DecisionLog, inForce } from './decisions.js';
import { dataFiles, pathOf } from './files.js';
import { type ClusterRunner, Jobs } from './jobs.js';
import { describePage, filesPage, reviewPage, segmentsPage } from './pages.js';
import {
  ownerCards,
  type ReviewFilters,
  type ReviewLookups,
  Reviews,
  SegmentLookups,
  segmentRuns,
  splitFilter,
} from './review.js';
import {
  allowedHosts,
  allowedOrigins,
  cookieToken,
  newToken,
  SECURITY_HEADERS,
  sameToken,
  tokenCookie,
} from './security.js';
import { tierRoutes } from './tier-routes.js';
import { cardFiles, TierError } from './tiers.js';
import { RequestError, Uploads } from './uploads.js';

export interface ServeOptions {
  /** The folder whose data files are offered; uploads go to DIR/.strata/uploads. */
  dir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The access token (default: a random one). */
  token?: string;
  /** Largest upload in bytes (default 1 GiB). */
  maxUpload?: number;
  /** How a clustering from the segments page runs; without one, the page cannot cluster. */
  runCluster?: ClusterRunner;
}

export interface Workbench {
  /** The URL to open, with the token; the token becomes a cookie on the first visit. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * `strata serve`: the workbench on 127.0.0.1. Every request needs the token (a cookie after the first
 * visit), a Host naming this server and, when it has one, an Origin of this server; every response
 * carries a strict Content-Security-Policy.
 */
export async function serve(o: ServeOptions): Promise<Workbench> {
  const dir = resolve(o.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${o.dir}: no such folder`);
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535))
    throw new OptionError('port', `must be an integer from 0 to 65535 (got ${o.port})`);
  const host = o.host ?? '127.0.0.1';
  const token = o.token ?? newToken();
  const limit = o.maxUpload ?? 1 << 30;
  const uploads = new Uploads(dir);
  const decisions = await DecisionLog.open(dir);
  // Loaded when a workbench starts, not by every command that imports the library.
  const { default: Fastify } = await import('fastify');
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 1 << 20 });
  let hosts = new Set<string>();
  let origins = new Set<string>();

  app.addHook('onRequest', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (!hosts.has(req.headers.host ?? '')) return reply.code(403).send({ error: 'unknown Host' });
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin))
      return reply.code(403).send({ error: 'cross-site request' });
    const url = new URL(req.url, 'http://workbench');
    const given = url.searchParams.get('token');
    if (given !== null && req.method === 'GET' && sameToken(given, token)) {
      url.searchParams.delete('token');
      return reply.header('set-cookie', tokenCookie(token)).redirect(`${url.pathname}${url.search}`, 303);
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    if (!sameToken(cookieToken(req.headers.cookie), token) && !sameToken(bearer, token))
      return reply
        .code(401)
        .type('text/plain')
        .send('Open the URL strata serve printed (it holds the token).');
  });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof DecisionError || err instanceof TierError)
      return reply.code(400).send({ error: err.message });
    if (err instanceof RequestError)
      return reply.code(err.status).header('connection', 'close').send({ error: err.message });
    if (err instanceof StrataError) return reply.code(422).send({ error: err.message });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.code(status).send({ error: (err as Error).message });
    return reply.code(500).send({ error: 'the workbench failed on this request' });
  });

  // An upload's body stays a stream: it is written to disk as it arrives, never held in memory.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  // Browsers ask for it on every first visit; there is none, and saying so is not an error.
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
  app.get('/app.css', (_req, reply) => reply.type('text/css').send(STYLE));
  app.get('/app.js', (_req, reply) => reply.type('text/javascript').send(SCRIPT));
  app.get('/', (_req, reply) => reply.type('text/html').send(filesPage(dir, dataFiles(dir, uploads), limit)));
  app.get('/api/files', () => dataFiles(dir, uploads));
  app.get<{ Querystring: { key?: string } }>('/describe', async (req, reply) => {
    const found = pathOf(dir, uploads, req.query.key ?? '');
    if (!found) return reply.code(404).send({ error: 'no such data file' });
    const d = describe(await load(found.path));
    return reply.type('text/html').send(
      describePage(
        found.file.name,
        found.file.key,
        {
          ...d,
          input: { ...d.input, file: found.file.name },
        } as typeof d,
        cardFiles(dir),
      ),
    );
  });
  app.post('/api/uploads', { bodyLimit: Number.MAX_SAFE_INTEGER }, async (req, reply) => {
    const raw = req.headers['x-file-name'];
    let name: string;
    try {
      name = decodeURIComponent(typeof raw === 'string' ? raw : '');
    } catch {
      throw new RequestError(400, 'the file name is not valid');
    }
    if (Number(req.headers['content-length'] ?? 0) > limit)
      throw new RequestError(
        413,
        `the upload is larger than the limit of ${limit.toLocaleString('en-US')} bytes`,
      );
    if (!(req.body && typeof (req.body as IncomingMessage).pipe === 'function'))
      throw new RequestError(415, 'send the file as application/octet-stream');
    const saved = await uploads.save(name, req.body as IncomingMessage, limit);
    return reply.code(201).send(saved);
  });

  const runCluster = o.runCluster;
  const jobs = new Jobs(
    dir,
    runCluster ??
      (() => {
        throw new RequestError(501, 'this workbench cannot cluster: start it with strata serve');
      }),
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
  app.addHook('onClose', async () => jobs.stopAll());

  tierRoutes(app, dir, uploads);

  const reviews = new Reviews();
  const segmentLookups = new SegmentLookups();
  type ReviewQuery = { key?: string; assigned?: string; value?: string } & ReviewFilters;
  app.get<{ Querystring: ReviewQuery }>('/review', async (req, reply) => {
    const found = pathOf(dir, uploads, req.query.key ?? '');
    if (!found) return reply.code(404).send({ error: 'no such data file' });
    const assigned = req.query.assigned ?? '';
    if (!assigned) return reply.code(400).send({ error: 'name the column of assigned tiers (assigned=…)' });
    const c = await reviews.get({
      key: found.file.key,
      path: found.path,
      assigned,
      value: req.query.value || undefined,
    });
    const decided = inForce(await decisions.list(found.file.key));
    const runs = segmentRuns(jobs.done(found.file.key), (id) => jobs.summary(id));
    const cards = ownerCards(cardFiles(dir), c.comparison.confusion.labels);
    const filters: ReviewFilters = {
      tier: req.query.tier || undefined,
      segment: req.query.segment || undefined,
      owner: req.query.owner || undefined,
    };
    const lookups: ReviewLookups = {};
    const segment = splitFilter(filters.segment);
    const run = segment && jobs.done(found.file.key).find((j) => j.id === segment[0]);
    if (filters.segment && !run) return reply.code(404).send({ error: 'no finished clustering of that id' });
    if (run) {
      lookups.segmentOf = await segmentLookups.get(run);
      lookups.segment = segment![1];
    }
    const owner = splitFilter(filters.owner);
    lookups.ownerCard = owner && cards.find((x) => x.key === owner[0]);
    if (filters.owner && !lookups.ownerCard)
      return reply.code(404).send({ error: 'no scorecard of that key with these tiers' });
    lookups.owner = owner?.[1];
    return reply
      .type('text/html')
      .send(reviewPage(found.file.name, found.file.key, assigned, c, decided, filters, lookups, runs, cards));
  });
  app.post('/api/decisions', async (req, reply) =>
    reply.code(201).send(await decisions.add(checkDecision(req.body))),
  );
  app.get<{ Querystring: { dataset?: string } }>('/api/decisions', (req) =>
    decisions.list(req.query.dataset ?? ''),
  );
  const csv = (name: string, text: string, reply: FastifyReply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(text);
  app.get<{ Querystring: { dataset?: string } }>('/export/decisions.csv', async (req, reply) =>
    csv('decisions.csv', await decisions.logCsv(req.query.dataset ?? ''), reply),
  );
  app.get<{ Querystring: { dataset?: string; assigned?: string } }>(
    '/export/tiers.csv',
    async (req, reply) => {
      const dataset = req.query.dataset ?? '';
      if (!req.query.assigned) return csv('tiers.csv', await decisions.tiersCsv(dataset), reply);
      // With the column of assigned tiers: every customer of the file, the decision in force or the assigned tier.
      const found = pathOf(dir, uploads, dataset);
      if (!found) return reply.code(404).send({ error: 'no such data file' });
      const table = await load(found.path);
      const id = idColumn(table);
      if (!id || !table.has(req.query.assigned))
        return reply
          .code(400)
          .send({ error: 'the file needs an id column and the column of assigned tiers' });
      return csv('tiers.csv', await decisions.finalTiersCsv(dataset, table, id, req.query.assigned), reply);
    },
  );
  app.addHook('onClose', async () => decisions.close());

  try {
    await app.listen({ port: o.port ?? 8765, host });
  } catch (e) {
    decisions.close();
    throw new UsageError(
      `cannot listen on ${host}:${o.port ?? 8765} (${(e as Error).message.split('\n')[0]})`,
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? 8765);
  hosts = allowedHosts(host, port);
  origins = allowedOrigins(hosts);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    token,
    port,
    close: () => app.close(),
  };
}
