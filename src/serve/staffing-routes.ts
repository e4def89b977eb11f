import type { FastifyInstance } from 'fastify';
import { readStaff } from '../assign/staff.js';
import { load } from '../data/load.js';
import type { Table } from '../data/table.js';
import { idColumn } from '../prep/features.js';
import { assign } from '../results/assign.js';
import { pathOf } from './files.js';
import { PromiseCache } from './promise-cache.js';
import { editedStaff, savePlan, staffFiles } from './staffing.js';
import { staffingPage } from './staffing-page.js';
import { RequestError, type Uploads } from './uploads.js';

type Query = Record<string, string | undefined>;

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Spans (s<index>) and managers to add (n<tier>, l<tier>) from the page's form. */
function edits(q: Query) {
  const spans = new Map<number, number>();
  const added = new Map<number, { like: string; count: number }>();
  for (const [k, v] of Object.entries(q)) {
    const span = /^s(\d+)$/.exec(k);
    if (span && v !== undefined && v !== '') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 10_000_000)
        throw new RequestError(400, `a span must be a whole number of customers (got "${v}")`);
      spans.set(Number(span[1]), n);
    }
    const add = /^n(\d+)$/.exec(k);
    if (add && v !== undefined && v !== '' && v !== '0') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 100)
        throw new RequestError(400, `managers to add must be a whole number from 0 to 100 (got "${v}")`);
      added.set(Number(add[1]), { like: q[`l${add[1]}`] ?? '', count: n });
    }
  }
  return { spans, added };
}

/** The staffing page: a file's customers planned with a staff file as edited, in the server's process. */
export function staffingRoutes(app: FastifyInstance, dir: string, uploads: Uploads): void {
  const tables = new PromiseCache<Table>();
  const inputs = async (q: Query) => {
    const found = pathOf(dir, uploads, q.key ?? '');
    if (!found) throw new RequestError(404, 'no such data file');
    const file = staffFiles(dir).find((f) => f.key === q.staff);
    if (!file) throw new RequestError(404, 'no such staff file');
    const value = text(q.value);
    if (!value) throw new RequestError(400, 'choose the value column');
    const { spans, added } = edits(q);
    const original = readStaff(file.path);
    const staff = editedStaff(original, spans, added);
    const spansOf = (x: typeof staff) => x.tiers.flatMap((t) => t.managers.map((m) => m.span)).join();
    const changed = added.size > 0 || spansOf(staff) !== spansOf(original);
    const table = await tables.get(found.file.key, () => load(found.path));
    return { found, file, staff, table, value, current: text(q.current), changed };
  };
  app.get<{ Querystring: Query }>('/staffing', async (req, reply) => {
    const { found, file, staff, table, value, current, changed } = await inputs(req.query);
    const result = assign(table, staff, { value, current, headcount: false });
    const id = idColumn(table);
    const ids = (row: number) => (id ? table.text(id, row) : String(row + 1));
    const edited = new URLSearchParams(
      Object.entries(req.query).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
    const q = { key: found.file.key, staff: file.key, value, current };
    return reply
      .type('text/html')
      .send(staffingPage(found.file.name, q, file, staff, result, ids, edited, changed));
  });
  app.post<{ Body: { query?: unknown; author?: unknown; note?: unknown } }>(
    '/api/staffing/save',
    async (req, reply) => {
      const author = text(req.body?.author);
      if (!author) return reply.code(400).send({ error: 'enter your name: a saved plan says who saved it' });
      const query = Object.fromEntries(
        new URLSearchParams(typeof req.body?.query === 'string' ? req.body.query : ''),
      );
      const { staff, table, value, current } = await inputs(query);
      const s = assign(table, staff, { value, current, headcount: false }).summary;
      const note = `${text(req.body?.note) ?? 'no note'}; weighted ${value} ${s.objective} (bound ${s.bound}) on ${s.customers} customers`;
      return reply.code(201).send({ key: savePlan(dir, staff, author, note) });
    },
  );
}
