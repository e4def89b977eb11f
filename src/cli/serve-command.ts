import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { type ClusterRunner, fromText, serve } from '../index.js';

/** This CLI (src/cli or dist/cli alike are two folders below it). */
const STRATA = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));

/** A clustering from the workbench: `strata cluster` in a child process, progress a quarter second apart. */
export const clusterRunner: ClusterRunner = (o, out, namesFile) => {
  const args = [STRATA, 'cluster', o.path, '--out', out, '--k', String(o.k), '--method', o.method, '--json'];
  if (o.features?.length) args.push('--features', o.features.join(','));
  if (namesFile) args.push('--names', namesFile);
  return spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STRATA_PROGRESS_INTERVAL_MS: '250' },
  });
};

export function registerServe(program: Command): void {
  program
    .command('serve [dir]')
    .description('a local workbench in the browser on the data files of DIR (default: this folder)')
    .option('--port <n>', 'port (0: any free one)', '8765')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--max-upload <mb>', 'largest upload, in MB', '1024')
    .action(async (dir: string | undefined, flags: { port: string; host: string; maxUpload: string }) => {
      const port = fromText({ kind: 'integer', min: 0 }, flags.port) as number;
      const mb = fromText({ kind: 'number', above: 0 }, flags.maxUpload) as number;
      const w = await serve({
        dir: dir ?? '.',
        port,
        host: flags.host,
        maxUpload: Math.round(mb * (1 << 20)),
        runCluster: clusterRunner,
      });
      process.stdout.write(`Strata workbench on ${dir ?? '.'}: open\n  ${w.url}\n(Ctrl-C stops it.)\n`);
      await new Promise<void>((done) => {
        const stop = () => void w.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
