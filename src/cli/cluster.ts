import type { Command } from 'commander';
import { clusterFile, type LargeClusterRun } from '../cluster/large.js';
import { clusterSummary, kScanCsv, streamAssignments } from '../cluster/outputs.js';
import { CLUSTER_OPTIONS, type ClusterOptions, type ClusterRun, clusterTable } from '../cluster/pipeline.js';
import { load } from '../data/load.js';
import type { Table } from '../data/table.js';
import { OptionError } from '../errors.js';
import { checkOptions, fromText } from '../options.js';
import { runInfo } from '../report/run-info.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { OutputDir } from './output.js';
import { list, optionsFrom } from './parse.js';
import { progressBar } from './progress.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';
import { num, pct, textTable } from './table-text.js';

interface ClusterFlags extends ReadFlags {
  features?: string;
  exclude?: string;
  k?: string;
  kRange?: string;
  nInit?: string;
  seed?: string;
  scale?: string;
  log?: string;
  value?: string;
  sample?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

export function registerCluster(program: Command): void {
  readFlags(program.command('cluster <file>'))
    .description('k-means segments with evidence for k, a profile and a name for every segment')
    .option('--features <cols>', 'comma-separated feature columns (default: every numeric column but the id)')
    .option('--exclude <cols>', 'comma-separated columns to leave out')
    .option('--k <n|auto>', 'number of clusters, or auto to choose it', 'auto')
    .option('--k-range <from-to>', 'the range scanned by --k auto', '2-10')
    .option('--n-init <n>', 'k-means restarts; the lowest inertia wins', '10')
    .option('--seed <n>', 'random seed', '42')
    .option('--scale <method>', 'standard, robust, minmax or none', 'standard')
    .option(
      '--log <auto|none|cols>',
      'log1p: auto (strongly right-skewed money columns), none, or a column list',
      'none',
    )
    .option('--value <col>', 'a money column whose share per segment is reported')
    .option(
      '--sample <n>',
      'data larger than memory: choose k and profile on a seeded sample of N rows, then mini-batch k-means over every row',
    )
    .option('--out <dir>', 'output folder', 'reports/cluster')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (file: string, flags: ClusterFlags) => {
      const options = clusterOptions(flags);
      const out = OutputDir.from(flags);
      if (flags.sample !== undefined) {
        await clusterLarge(file, flags, out);
        return;
      }
      const table = await load(file, loadOptions(flags));
      const run = clusterTable(table, options);
      writeClusterFiles(out, run, { name: table.source, rows: table.nRows }, table);
      const where = await out.finish();
      if (flags.json) process.stdout.write(`${JSON.stringify(clusterSummary(run), null, 2)}\n`);
      else process.stdout.write(`${clusterText(run, table.nRows)}\n${where}\n`);
    });
}

export function runCluster(table: Table, flags: Omit<ClusterFlags, 'out'>): ClusterRun {
  return clusterTable(table, clusterOptions(flags));
}

/** Flags to the library's options, checked by the library's own spec before any data is read. */
export function clusterOptions(flags: Omit<ClusterFlags, 'out'>): ClusterOptions {
  const options = optionsFrom(CLUSTER_OPTIONS, flags) as ClusterOptions;
  if (flags.log !== undefined && flags.log !== 'none' && flags.log !== 'auto') options.log = list(flags.log);
  checkOptions(CLUSTER_OPTIONS, options);
  if ((options.k ?? 'auto') === 'auto') options.onProgress = progressBar('Choosing k');
  return options;
}

/** Data larger than memory: k and profiles from a sample, mini-batch passes, assignments streamed to disk. */
async function clusterLarge(file: string, flags: ClusterFlags, out: OutputDir): Promise<void> {
  const sample = fromText({ kind: 'integer', min: 10 }, flags.sample ?? '');
  if (typeof sample !== 'number' || !Number.isInteger(sample) || sample < 10)
    throw new OptionError('sample', `must be an integer ≥ 10 (got ${JSON.stringify(flags.sample)})`);
  const rows = sample;
  const csv = out.stream('assignments.csv');
  let written = 0;
  let run: LargeClusterRun;
  try {
    run = await clusterFile(file, loadOptions(flags), {
      ...clusterOptions(flags),
      sample: rows,
      onAssigned: (b) => {
        if (!written) csv.write(toCsv([b.idColumn ?? 'row', 'cluster', 'segment', 'distance'], []));
        const lines: Cell[][] = [];
        for (let i = 0; i < b.ids.length; i++) {
          written++;
          lines.push([
            b.idColumn ? b.ids[i] : written,
            b.cluster[i],
            b.names[b.cluster[i]],
            round(b.distance[i], 8),
          ]);
        }
        csv.write(toCsv([], lines).slice(1));
      },
    });
  } finally {
    csv.close();
  }
  writeClusterFiles(out, run, { name: file, rows: run.rows }, null);
  const where = await out.finish();
  const s = clusterSummary(run);
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ...s, rows: run.rows, sampleRows: run.sampleRows, epochs: run.epochs, sampleInertia: round(run.sampleInertia, 10) }, null, 2)}\n`,
    );
    return;
  }
  const note = `k, the recipe and the profiles come from a seeded sample of ${num(run.sampleRows)} of ${num(run.rows)} rows; the centroids were refined by ${run.epochs} mini-batch passes over every row (inertia ${num(round(run.fit.inertia, 8))} against ${num(round(run.sampleInertia, 8))} for the sample's centroids).`;
  process.stdout.write(`${clusterText(run, run.rows)}\n${note}\n${where}\n`);
}

/** The results files; `table` (in memory) also gives assignments.csv, which the large path streams itself. */
export function writeClusterFiles(
  out: OutputDir,
  run: ClusterRun,
  source: { name: string; rows: number },
  table: Table | null,
  prefix = '',
): void {
  const p = run.model.params;
  const params = {
    k: run.fit.k,
    features: run.features,
    nInit: p.nInit,
    scale: run.model.recipe.scale,
    log: run.logged,
  };
  out.add(
    `${prefix}run.json`,
    `${JSON.stringify(runInfo('cluster', source.name, source.rows, params, p.seed), null, 1)}\n`,
  );
  out.add(`${prefix}summary.json`, `${JSON.stringify(clusterSummary(run), null, 1)}\n`);
  out.add(`${prefix}points.json`, `${JSON.stringify(run.points)}\n`);
  out.add(`${prefix}model.json`, `${JSON.stringify(run.model, null, 1)}\n`);
  if (table) {
    const csv = out.stream(`${prefix}assignments.csv`);
    try {
      streamAssignments(run, table, (text) => csv.write(text));
    } finally {
      csv.close();
    }
  }
  out.add(`${prefix}profiles.json`, `${JSON.stringify(run.profiles, null, 1)}\n`);
  if (run.scan) out.add(`${prefix}k-scan.csv`, kScanCsv(run));
}

export function clusterText(run: ClusterRun, rows: number): string {
  const s = clusterSummary(run);
  const lines: string[] = [];
  const imputed = Object.entries(s.imputed).filter(([, v]) => v > 0);
  lines.push(`Clustered ${num(rows)} customers on ${s.features.length} features (${s.features.join(', ')}).`);
  if (s.logged.length) lines.push(`log1p applied to: ${s.logged.join(', ')}.`);
  lines.push(
    imputed.length
      ? `Missing values imputed: ${imputed.map(([c, v]) => `${c} ${num(v)}`).join(', ')}.`
      : 'No missing values to impute.',
  );
  if (run.scan) {
    lines.push('', `Choosing k: ${run.scan.reason}.`);
    lines.push(
      textTable(
        ['k', 'inertia', 'silhouette', 'Calinski–Harabasz', 'Davies–Bouldin'],
        s.kScan.map((r) => [
          `${r.k === s.k ? '→ ' : ''}${r.k}`,
          num(r.inertia),
          r.silhouette.toFixed(3),
          num(r.calinskiHarabasz),
          r.daviesBouldin.toFixed(3),
        ]),
        [true, true, true, true, true],
      ),
    );
  }
  lines.push(
    '',
    `k = ${s.k}, inertia ${num(s.inertia)}, silhouette ${s.silhouette.toFixed(3)}, ${s.iterations} iterations.`,
  );
  const hasValue = s.clusters.some((c) => c.valueShare !== undefined);
  lines.push(
    textTable(
      ['cluster', 'segment', 'customers', 'share', ...(hasValue ? ['value share'] : [])],
      s.clusters.map((c) => [
        String(c.id),
        c.name,
        num(c.size),
        pct(c.share),
        ...(hasValue ? [pct(c.valueShare ?? 0)] : []),
      ]),
      [true, false, true, true, true],
    ),
  );
  return lines.join('\n');
}
