import type { FastifyInstance } from 'fastify';
import { StrataError } from '../errors.js';
import { DecisionError } from './decisions.js';
import { cookieToken, SECURITY_HEADERS, sameToken, tokenCookie } from './security.js';
import { TierError } from './tiers.js';
import { RequestError } from './uploads.js';

/** Where the workbench may be reached from, known once it listens. */
export interface Allowed {
  hosts: Set<string>;
  origins: Set<string>;
}

/**
 * Every request needs the token (a cookie after the first visit), a Host naming this server and,
 * when it has one, an Origin of this server; every response carries the security headers. Errors a
 * user can cause are answered with their message; anything else is a 500 that says nothing more.
 */
export function guard(
  app: FastifyInstance,
  token: string,
  allowed: Allowed,
  shown: (message: string) => string,
): void {
  app.addHook('onRequest', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (!allowed.hosts.has((req.headers.host ?? '').toLowerCase()))
      return reply.code(403).send({ error: 'unknown Host' });
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.origins.has(origin))
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
      return reply.code(400).send({ error: shown(err.message) });
    if (err instanceof RequestError)
      return reply
        .code(err.status)
        .header('connection', 'close')
        .send({ error: shown(err.message) });
    if (err instanceof StrataError) return reply.code(422).send({ error: shown(err.message) });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.code(status).send({ error: (err as Error).message });
    return reply.code(500).send({ error: 'the workbench failed on this request' });
  });
}
