import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Workbench } from '../../src/serve/server.js';
import { cli, ROOT, tempDir } from '../helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with any headers (fetch would not let a test set Host). */
function send(
  port: number,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
) {
  return new Promise<Answer>((done, fail) => {
    const r = request(
      { host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    r.on('error', fail);
    if (o.body) r.write(o.body);
    r.end();
  });
}

describe('strata serve: who may ask, and what an upload may write', () => {
  const dir = tempDir();
  let w: Workbench;
  let cookie: string;
  let host: string;
  const uploads = () => readdirSync(join(dir, '.strata', 'uploads')).filter((f) => f !== 'index.json');

  beforeAll(async () => {
    writeFileSync(join(dir, 'customers.csv'), readFileSync(join(ROOT, 'data', 'customers.csv')));
    writeFileSync(join(dir, 'notes.txt'), 'not data');
    w = await serve({ dir, port: 0, maxUpload: 100_000 });
    host = `127.0.0.1:${w.port}`;
    cookie = `strata_token=${w.token}`;
  });
  afterAll(async () => {
    await w.close();
  });

  it('without the token: 401; the printed URL sets an HttpOnly, SameSite=Strict cookie and drops the token from the address', async () => {
    expect((await send(w.port, '/', { headers: { host } })).status).toBe(401);
    expect(
      (await send(w.port, '/api/files', { headers: { host, cookie: 'strata_token=wrong' } })).status,
    ).toBe(401);
    const first = await send(w.port, new URL(w.url).pathname + new URL(w.url).search, { headers: { host } });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(
      /^strata_token=[0-9a-f]{48}; HttpOnly; SameSite=Strict; Path=\//,
    );
    const page = await send(w.port, '/', { headers: { host, cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.body).toContain('customers.csv');
    expect(page.body).not.toContain('notes.txt');
  });

  it('a foreign Host (DNS rebinding) or a foreign Origin (another site): 403, even with the token', async () => {
    expect((await send(w.port, '/', { headers: { host: `evil.example:${w.port}`, cookie } })).status).toBe(
      403,
    );
    expect((await send(w.port, '/', { headers: { host: '127.0.0.1:1', cookie } })).status).toBe(403);
    const post = await send(w.port, '/api/uploads', {
      method: 'POST',
      headers: {
        host,
        cookie,
        origin: 'http://evil.example',
        'content-type': 'application/octet-stream',
        'x-file-name': 'a.csv',
      },
      body: Buffer.from('x,y\n1,2\n'),
    });
    expect(post.status).toBe(403);
    expect(uploads()).toEqual([]);
  });

  it('an upload named with ../, an oversized one, or one of another kind: refused with its status and nothing written', async () => {
    const up = (name: string, body: Buffer) =>
      send(w.port, '/api/uploads', {
        method: 'POST',
        headers: {
          host,
          cookie,
          origin: `http://${host}`,
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(name),
        },
        body,
      });
    const small = Buffer.from('a,b\n1,2\n');
    expect((await up('../../evil.csv', small)).status).toBe(400);
    expect((await up('..\\evil.csv', small)).status).toBe(400);
    expect((await up('run.sh', small)).status).toBe(415);
    expect((await up('big.csv', Buffer.alloc(200_000, 49))).status).toBe(413);
    expect(uploads()).toEqual([]);
    expect(existsSync(join(dir, 'evil.csv'))).toBe(false);
    expect(existsSync(join(dir, '..', 'evil.csv'))).toBe(false);
  });

  it('a good upload is stored under a name of its own, listed by its client name (escaped), and described', async () => {
    const csv = readFileSync(join(ROOT, 'data', 'customers.csv')).subarray(0, 50_000);
    const cut = csv.lastIndexOf(10);
    const name = '<img src=x onerror=alert(1)> "march".csv';
    const r = await send(w.port, '/api/uploads', {
      method: 'POST',
      headers: {
        host,
        cookie,
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(name),
      },
      body: csv.subarray(0, cut + 1),
    });
    expect(r.status, r.body).toBe(201);
    const saved = JSON.parse(r.body) as { id: string; name: string; bytes: number };
    expect(saved.name).toBe(name);
    expect(saved.id).toMatch(/^[0-9a-f-]{36}\.csv$/);
    expect(uploads()).toEqual([saved.id]);
    const list = await send(w.port, '/', { headers: { host, cookie } });
    expect(list.body).toContain('&#60;img src=x onerror=alert(1)&#62; &#34;march&#34;.csv');
    expect(list.body).not.toContain('<img');
    const d = await send(w.port, `/describe?key=${encodeURIComponent(`upload:${saved.id}`)}`, {
      headers: { host, cookie },
    });
    expect(d.status).toBe(200);
    expect(d.body).toMatch(/sales_12m/);
    // A key that names no offered file is not a path.
    expect(
      (
        await send(w.port, `/describe?key=${encodeURIComponent('dir:../../etc/passwd')}`, {
          headers: { host, cookie },
        })
      ).status,
    ).toBe(404);
  });

  it('a folder that does not exist or a port out of range: one line, nothing created', () => {
    const missing = join(tempDir(), 'nope');
    const r = cli(['serve', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`strata: ${missing}: no such folder`);
    expect(existsSync(missing)).toBe(false);
    const p = cli(['serve', dir, '--port', '70000']);
    expect(p.code).toBe(2);
    expect(p.stderr.trim()).toBe('strata: --port must be an integer from 0 to 65535 (got 70000)');
  });
});

describe('strata serve --host 0.0.0.0: the machine by any of its names, nothing else', () => {
  it('answers the host name and each address of the machine, refuses a foreign Host, and prints a URL that names the machine', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), readFileSync(join(ROOT, 'data', 'customers.csv')));
    const w = await serve({ dir, port: 0, host: '0.0.0.0' });
    try {
      const cookie = `strata_token=${w.token}`;
      const name = hostname().toLowerCase();
      expect(new URL(w.url).hostname).toBe(name);
      const addresses = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a?.family === 'IPv4')
        .map((a) => a!.address);
      expect(addresses.length).toBeGreaterThan(0);
      for (const h of [name, name.toUpperCase(), 'localhost', ...addresses])
        expect((await send(w.port, '/', { headers: { host: `${h}:${w.port}`, cookie } })).status, h).toBe(
          200,
        );
      expect((await send(w.port, '/', { headers: { host: `evil.example:${w.port}`, cookie } })).status).toBe(
        403,
      );
    } finally {
      await w.close();
    }
  });
});

describe('strata serve: messages name what the user uploaded', () => {
  const dir = tempDir();
  let v: Workbench;
  let cookie: string;
  let host: string;
  beforeAll(async () => {
    v = await serve({ dir, port: 0 });
    host = `127.0.0.1:${v.port}`;
    cookie = `strata_token=${v.token}`;
  });
  afterAll(async () => {
    await v.close();
  });

  it("a file that cannot be read answers with the name it was uploaded as, never the server's path", async () => {
    const post = await send(v.port, '/api/uploads', {
      method: 'POST',
      headers: { host, cookie, 'content-type': 'application/octet-stream', 'x-file-name': 'ragged.csv' },
      body: Buffer.from('x,y\n1,2\n3,4,5\n'),
    });
    expect(post.status).toBe(201);
    const id = JSON.parse(post.body).id as string;
    const key = (
      JSON.parse((await send(v.port, '/api/files', { headers: { host, cookie } })).body) as {
        key: string;
        name: string;
      }[]
    ).find((f) => f.name === 'ragged.csv')!.key;
    const answer = await send(v.port, `/describe?key=${encodeURIComponent(key)}`, {
      headers: { host, cookie },
    });
    expect(answer.status).toBe(422);
    const error = JSON.parse(answer.body).error as string;
    expect(error).toMatch(/^ragged\.csv: row 2 \(line 3\): has 3 fields, expected 2$/);
    expect(error).not.toContain(dir);
    expect(error).not.toContain(id);
  });
});
