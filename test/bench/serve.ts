/**
 * The workbench under load (issue #18): 20 clients posting review decisions at once for 60 s
 * (STRATA_BENCH_SERVE_SECONDS), then a 1,000,000-row CSV upload streamed to it; the server runs as
 * `strata serve` in its own process, whose peak memory (VmHWM) is read from /proc.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './common.js';

const SECONDS = Number(process.env.STRATA_BENCH_SERVE_SECONDS ?? 60);
const UPLOAD_ROWS = Number(process.env.STRATA_BENCH_SERVE_ROWS ?? 1_000_000);

const peakMb = (pid: number) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('customer_id,region,f1,f2,f3,f4,f5,f6,f7,f8\n');
  const regions = ['North', 'South', 'East', 'West'];
  for (let i = 0; i < rows; i += 10_000) {
    let block = '';
    for (let j = i; j < Math.min(rows, i + 10_000); j++)
      block += `C${j},${regions[j % 4]},${Array.from({ length: 8 }, (_, t) => ((j * (t + 7)) % 1000) / 10).join(',')}\n`;
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

export async function benchServe(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-serve-'));
  const child = spawn(
    process.execPath,
    ['bin/strata.js', 'serve', dir, '--port', '0', '--max-upload', '2048'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await new Promise<URL>((done) => {
      let text = '';
      child.stdout.on('data', (c: Buffer) => {
        text += c.toString();
        const m = text.match(/http:\/\/\S+/);
        if (m) done(new URL(m[0]));
      });
    });
    const token = url.searchParams.get('token')!;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const until = Date.now() + SECONDS * 1000;
    let errors = 0;
    const acknowledged: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, async (_, c) => {
        for (let i = 0; Date.now() < until; i++) {
          const r = await fetch(`${url.origin}/api/decisions`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              reviewer: `R${c}`,
              dataset: 'load',
              customer: `C${c}-${i}`,
              from: 'B',
              to: 'A',
              action: 'set',
              reason: 'load test',
            }),
          }).catch(() => null);
          if (r?.status === 201) acknowledged.push(((await r.json()) as { seq: number }).seq);
          else errors++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const log = (await (
      await fetch(`${url.origin}/api/decisions?dataset=load`, { headers })
    ).json()) as unknown[];
    const lost = acknowledged.length - log.length;
    const reviewMb = peakMb(child.pid!);
    const file = join(dir, 'upload-source.csv');
    await writeCsv(file, UPLOAD_ROWS);
    const bytes = statSync(file).size;
    const t = performance.now();
    const status = await new Promise<number>((done, fail) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/api/uploads',
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/octet-stream',
            'x-file-name': 'million.csv',
            'content-length': bytes,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
        },
      );
      req.on('error', fail);
      createReadStream(file).pipe(req);
    });
    const uploadSeconds = (performance.now() - t) / 1000;
    if (status !== 201) throw new Error(`the upload was answered ${status}`);
    const uploadMb = peakMb(child.pid!);
    return [
      {
        name: `workbench: 20 clients posting review decisions for ${SECONDS} s`,
        strata: acknowledged.length / seconds,
        unit: 'decisions/s',
        note: `${acknowledged.length} acknowledged, ${errors} errors, ${lost} lost (each committed before its answer); server peak ${reviewMb.toFixed(0)} MB`,
      },
      {
        name: `workbench: a ${UPLOAD_ROWS.toLocaleString('en-US')}-row CSV upload (${(bytes / 2 ** 20).toFixed(0)} MB), streamed to disk`,
        strata: uploadSeconds,
        unit: 's',
        note: `server peak ${uploadMb.toFixed(0)} MB (target under 500 MB)`,
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
