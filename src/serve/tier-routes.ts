import type { FastifyInstance } from 'fastify';
import { pathOf } from './files.js';
import { agreementText, distRows, tiersPage } from './pages.js';
import { cardFiles, checkEdited, saveCard, type TierView, TierViews } from './tiers.js';
import type { Uploads } from './uploads.js';

/** What the tiers page's script gets back: the rows come as HTML built (and escaped) here. */
function tierAnswer(v: TierView) {
  return {
    tiers: v.tiers,
    mins: v.mins,
    kappa: v.agreement?.kappa ?? null,
    rows: distRows(v),
    agreement: agreementText(v),
  };
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The tiers page and its API: a card's tiers with moved thresholds, an edited card's tiers, saving
 * it. A TierError (a card or thresholds that cannot stand) is answered 400 by the server's handler.
 */
export function tierRoutes(app: FastifyInstance, dir: string, uploads: Uploads): void {
  const tierViews = new TierViews();
  type TierQuery = { key?: string; card?: string; assigned?: string; mins?: string; value?: string };
  const tierInputs = (q: TierQuery) => {
    const file = pathOf(dir, uploads, q.key ?? '');
    const card = cardFiles(dir).find((c) => c.key === q.card);
    return file && card
      ? { file: { key: file.file.key, name: file.file.name, path: file.path }, card }
      : undefined;
  };
  app.get<{ Querystring: TierQuery }>('/tiers', async (req, reply) => {
    const found = tierInputs(req.query);
    if (!found) return reply.code(404).send({ error: 'no such data file or scorecard' });
    const assigned = req.query.assigned || undefined;
    const v = await tierViews.view(found.file, found.card, assigned, undefined, req.query.value || undefined);
    return reply.type('text/html').send(tiersPage(found.file.name, found.file.key, found.card, assigned, v));
  });
  app.get<{ Querystring: TierQuery }>('/api/tiers', async (req, reply) => {
    const found = tierInputs(req.query);
    if (!found) return reply.code(404).send({ error: 'no such data file or scorecard' });
    const mins = (req.query.mins ?? '')
      .split(',')
      .filter((x) => x.trim() !== '')
      .map(Number);
    const v = await tierViews.view(
      found.file,
      found.card,
      req.query.assigned || undefined,
      mins,
      req.query.value || undefined,
    );
    return reply.send(tierAnswer(v));
  });
  // A card edited in the form, checked as a file is and graded at once: the page shows the problem or the tiers.
  app.post<{ Body: { key?: unknown; card?: unknown; assigned?: unknown; value?: unknown } }>(
    '/api/tiers/preview',
    async (req, reply) => {
      const b = req.body ?? {};
      const found = pathOf(dir, uploads, text(b.key) ?? '');
      if (!found) return reply.code(404).send({ error: 'no such data file' });
      const v = await tierViews.preview(
        { key: found.file.key, path: found.path },
        b.card,
        text(b.assigned),
        text(b.value),
      );
      return reply.send(tierAnswer(v));
    },
  );
  app.post<{ Body: { card?: unknown; author?: unknown } }>('/api/scorecards', async (req, reply) => {
    const author = text(req.body?.author)?.trim();
    if (!author) return reply.code(400).send({ error: 'enter your name: a saved card says who saved it' });
    return reply.code(201).send({ key: saveCard(dir, checkEdited(req.body?.card), author) });
  });
}
