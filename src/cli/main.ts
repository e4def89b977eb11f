import { Command, CommanderError } from 'commander';
import { OptionError, StrataError, VERSION } from '../index.js';
import { setRawCsv } from '../util/csv.js';
import { removeTemporaryFiles } from '../util/fs.js';
import { registerAssign } from './assign-command.js';
import { registerClassify } from './classify-command.js';
import { registerCluster } from './cluster-command.js';
import { registerClv } from './clv-command.js';
import { registerCompare } from './compare-command.js';
import { registerDemo } from './demo-command.js';
import { registerDescribe } from './describe-command.js';
import { registerExport } from './export-command.js';
import { registerGrade } from './grade-command.js';
import { asFlagError } from './parse.js';
import { registerPredict } from './predict-command.js';
import { setQuiet } from './progress-bar.js';
import { registerReport } from './report-command.js';
import { registerRfm } from './rfm-command.js';
import { registerServe } from './serve-command.js';

function buildProgram(): Command {
  const program = new Command('strata')
    .description('Sort customers into segments and tiers.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .option(
      '--raw-csv',
      'write text cells exactly as they are, even those a spreadsheet would run as a formula',
    )
    .option('--quiet', 'no progress on stderr (warnings and errors still)')
    .hook('preAction', (cmd) => {
      setRawCsv(cmd.opts().rawCsv === true);
      setQuiet(cmd.opts().quiet === true);
    });
  registerDescribe(program);
  registerCluster(program);
  registerClassify(program);
  registerPredict(program);
  registerGrade(program);
  registerRfm(program);
  registerClv(program);
  registerAssign(program);
  registerCompare(program);
  registerReport(program);
  registerExport(program);
  registerDemo(program);
  registerServe(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the exit code. Never throws for a user's mistake. */
export async function main(argv: readonly string[]): Promise<number> {
  // A reader that stops early (`strata predict … | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  // No SIGINT handler here: nothing is written before a run's final commit, so Ctrl-C during a long
  // (synchronous) scan must end the process at once, which the default does. Streams add their own.
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
        return 0;
      return 2;
    }
    if (e instanceof OptionError) {
      process.stderr.write(`strata: ${asFlagError(e).message}\n`);
      return 2;
    }
    if (e instanceof StrataError) {
      process.stderr.write(`strata: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    process.stderr.write(`strata: unexpected error: ${err.message}\n`);
    if (process.env.STRATA_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 3;
  } finally {
    removeTemporaryFiles();
  }
}
