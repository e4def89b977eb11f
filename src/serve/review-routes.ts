import type { FastifyInstance, FastifyReply } from 'fastify';
import { load } from '../data/load.js';
import { idColumn } from '../prep/features.js';
import { checkDecision, DecisionError, type DecisionLog, inForce } from './decisions.js';
import { pathOf } from './files.js';
import type { Jobs } from './jobs.js';
import { reviewPage } from './pages.js';
import { PromiseCache } from './promise-cache.js';
import {
  ownerCards,
  type ReviewFilters,
  type ReviewLookups,
  Reviews,
  SegmentLookups,
  segmentRuns,
  splitFilter,
} from './review.js';
import { cardFiles } from './tiers.js';
import type { Uploads } from './uploads.js';

/** The review list, the decision log and the exports. */
export function reviewRoutes(
  app: FastifyInstance,
  dir: string,
  uploads: Uploads,
  jobs: Jobs,
  decisions: DecisionLog,
): void {
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
  decisionRoute(app, dir, uploads, decisions);
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
}

/**
 * Recording a decision: about a customer of the file and a tier its assigned column holds (checked
 * against the file, read once per file and column).
 */
function decisionRoute(app: FastifyInstance, dir: string, uploads: Uploads, decisions: DecisionLog): void {
  const tiersOf = new PromiseCache<{ name: string; tier: Map<string, string>; tiers: Set<string> }>();
  app.post('/api/decisions', async (req, reply) => {
    const d = checkDecision(req.body);
    const assigned = (req.body as { assigned?: unknown }).assigned;
    if (typeof assigned !== 'string' || !assigned)
      throw new DecisionError('assigned is required: the column of assigned tiers the decision is about');
    const found = pathOf(dir, uploads, d.dataset);
    if (!found) return reply.code(404).send({ error: 'no such data file' });
    const known = await tiersOf.get(JSON.stringify([found.path, assigned]), async () => {
      const table = await load(found.path);
      const id = idColumn(table);
      if (!id || !table.has(assigned))
        throw new DecisionError(`${found.file.name} needs an id column and the column "${assigned}"`);
      const tier = new Map<string, string>();
      for (let i = 0; i < table.nRows; i++) tier.set(table.text(id, i), table.text(assigned, i));
      return { name: found.file.name, tier, tiers: new Set([...tier.values()].filter((t) => t !== '')) };
    });
    if (!known.tier.has(d.customer))
      throw new DecisionError(`customer "${d.customer}" is not in ${known.name}`);
    if (!known.tiers.has(d.to))
      throw new DecisionError(`tier "${d.to}" is not one of ${[...known.tiers].sort().join(', ')}`);
    return reply.code(201).send(await decisions.add(d));
  });
}
