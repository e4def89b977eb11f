import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';

/** A random access token, as Jupyter prints one: 24 bytes, hex. */
export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The Host values a request may carry: the address the server listens on, by name or number; on
 * every address (0.0.0.0 or ::), each of this machine's addresses and its host name. Anything else is
 * a page on another site that a DNS name was pointed at this machine (DNS rebinding).
 */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([
    host,
    ...(host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : []),
  ]);
  if (host === '::1') names.add('[::1]');
  if (host === '0.0.0.0' || host === '::') {
    for (const n of ['localhost', hostname()]) names.add(n.toLowerCase());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) {
        if (a.family === 'IPv4') names.add(a.address);
        else if (host === '::') names.add(`[${a.address.split('%')[0]}]`);
      }
  }
  return new Set([...names].map((n) => `${n}:${port}`));
}

/** The Origin a request from the workbench's own pages carries; any other is a cross-site request. */
export function allowedOrigins(hosts: Set<string>): Set<string> {
  return new Set([...hosts].map((h) => `http://${h}`));
}

/** Headers on every response: nothing but the workbench's own scripts, styles and data. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** The token's cookie: sent back only to this origin, never to scripts, never across sites. */
export function tokenCookie(token: string): string {
  return `strata_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The token from a Cookie header, if any. */
export function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'strata_token') return rest.join('=');
  }
  return undefined;
}
