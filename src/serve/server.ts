import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { OptionError, UsageError } from '../errors.js';
import { clvRoutes } from './clv-routes.js';
import { DecisionLog } from './decisions.js';
import { fileRoutes } from './file-routes.js';
import { type Allowed, guard } from './guard.js';
import { jobRoutes } from './job-routes.js';
import type { ClusterRunner } from './jobs.js';
import { reviewRoutes } from './review-routes.js';
import { allowedHosts, allowedOrigins, newToken } from './security.js';
import { staffingRoutes } from './staffing-routes.js';
import { tierRoutes } from './tier-routes.js';
import { Uploads } from './uploads.js';

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
  const allowed: Allowed = { hosts: new Set(), origins: new Set() };
  guard(app, token, allowed, (m) => uploads.shown(m));
  fileRoutes(app, dir, uploads, limit);
  const jobs = jobRoutes(app, dir, uploads, o.runCluster);
  tierRoutes(app, dir, uploads);
  clvRoutes(app, dir, uploads);
  staffingRoutes(app, dir, uploads);
  reviewRoutes(app, dir, uploads, jobs, decisions);

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
  allowed.hosts = allowedHosts(host, port);
  allowed.origins = allowedOrigins(allowed.hosts);
  // On every address, the URL names the machine, which other computers can reach (0.0.0.0 they cannot).
  const shown =
    host === '0.0.0.0' || host === '::' ? hostname().toLowerCase() : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    token,
    port,
    close: () => app.close(),
  };
}
