import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { load } from '../data/load.js';
import { describe } from '../results/describe.js';
import { SCRIPT, STYLE } from './assets.js';
import { dataFiles, pathOf } from './files.js';
import { describePage, filesPage } from './pages.js';
import { staffFiles } from './staffing.js';
import { cardFiles } from './tiers.js';
import { RequestError, type Uploads } from './uploads.js';

/** The files page, the assets, describe and uploads. */
export function fileRoutes(app: FastifyInstance, dir: string, uploads: Uploads, limit: number): void {
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
        staffFiles(dir),
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
}
