import type { Command } from 'commander';
import { fromText, serve } from '../index.js';

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
      });
      process.stdout.write(`Strata workbench on ${dir ?? '.'}: open\n  ${w.url}\n(Ctrl-C stops it.)\n`);
      await new Promise<void>((done) => {
        const stop = () => void w.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
