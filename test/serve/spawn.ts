import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** A real `strata serve DIR` process on a free port, with its origin and the headers its token opens. */
export async function spawnServe(
  dir: string,
): Promise<{ child: ChildProcess; origin: string; headers: Record<string, string> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'strata.js'), 'serve', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(/http:\/\/\S+/);
      if (m) done(m[0]);
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
  });
  const { origin, searchParams } = new URL(url);
  return {
    child,
    origin,
    headers: { authorization: `Bearer ${searchParams.get('token')}`, 'content-type': 'application/json' },
  };
}
