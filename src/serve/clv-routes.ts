import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ClvModelKind, TimeUnit } from '../clv/clv-options.js';
import { queryRows } from '../data/duck.js';
import { type ClvResult, clv } from '../results/clv.js';
import { literal } from '../sql/quote.js';
import { type ClvView, clvPage } from './clv-page.js';
import { pathOf } from './files.js';
import { PromiseCache } from './promise-cache.js';
import { RequestError, type Uploads } from './uploads.js';

type ClvQuery = {
  key?: string;
  customer?: string;
  date?: string;
  amount?: string;
  model?: string;
  unit?: string;
  calibrationEnd?: string;
};

const TOP = 100;
const text = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);

/** clv.csv's header and its first `n` rows, as text (ids exactly as written). */
async function headOf(path: string, n: number): Promise<{ header: string[]; rows: string[][] }> {
  const from = `read_csv(${literal(path)}, all_varchar = true, header = true)`;
  const header = (await queryRows(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${from})`)).map((r) =>
    String(r[0]),
  );
  const rows = await queryRows(`SELECT * FROM ${from} LIMIT ${n}`);
  return { header, rows: rows.map((r) => r.map((c) => (c === null ? '' : String(c)))) };
}

/**
 * The lifetime-value page: a file's transactions estimated in the server's process (each choice of
 * columns and options once, kept for the session), and its clv.csv to download.
 */
export function clvRoutes(app: FastifyInstance, dir: string, uploads: Uploads): void {
  const runs = new PromiseCache<ClvResult>();
  const runOf = (q: ClvQuery) => {
    const found = pathOf(dir, uploads, q.key ?? '');
    if (!found) throw new RequestError(404, 'no such data file');
    const customer = text(q.customer);
    const date = text(q.date);
    const amount = text(q.amount);
    if (!customer || !date || !amount)
      throw new RequestError(400, 'choose the customer, date and amount columns');
    const options = {
      customer,
      date,
      amount,
      model: (text(q.model) ?? 'bgnbd') as ClvModelKind,
      unit: (text(q.unit) ?? 'week') as TimeUnit,
      calibrationEnd: text(q.calibrationEnd),
    };
    const query = new URLSearchParams({
      key: found.file.key,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    }).toString();
    // The library checks the model and unit names; a refusal is answered as any Strata error is.
    return { found, query, result: runs.get(query, () => clv(found.path, options)) };
  };
  app.get<{ Querystring: ClvQuery }>('/clv', async (req, reply) => {
    const { found, query, result } = runOf(req.query);
    const r = await result;
    const csv = r.run.csv;
    const view: ClvView = {
      summary: { ...r.summary, input: { ...r.summary.input, file: found.file.name } },
      top: csv ? await headOf(csv, TOP) : { header: [], rows: [] },
      query,
    };
    return reply.type('text/html').send(clvPage(found.file.name, found.file.key, view));
  });
  app.get<{ Querystring: ClvQuery }>('/clv.csv', async (req, reply) => {
    const r = await runOf(req.query).result;
    if (!r.run.csv) return reply.code(404).send({ error: 'this run has no clv.csv' });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="clv.csv"')
      .send(createReadStream(r.run.csv));
  });
}
