import type { Command } from 'commander';
import {
  CLUSTER_DEFAULTS,
  CLUSTER_OPTIONS,
  type ClusterOptions,
  type ClusterSummary,
  checkOptions,
  cluster,
  clusterDatabase,
  clusterDatabaseText,
  clusterFile,
  clusterResultOf,
  DB_CLUSTER_OPTIONS,
  fromText,
  LARGE_CLUSTER_OPTIONS,
  type LargeClusterRun,
  leftOutText,
  load,
  methodOf,
  readNames,
  streamedAssignments,
  UsageError,
} from '../index.js';
import { formatNumber } from '../util/format.js';
import { checkSource, type DbFlags, dbFlags, withDatabase } from './db-flags.js';
import { OutputDir, outFlags } from './output.js';
import { byDefault, list, optionsFrom } from './parse.js';
import { progressReporter } from './progress-bar.js';
import { loadOptions, type ReadFlags, readFlags, unitsOf } from './read-flags.js';
import { printResult } from './results.js';
import { num, pct, textTable } from './table-text.js';

interface ClusterFlags extends ReadFlags, DbFlags {
  seeding?: 'parallel' | 'sample';
  features?: string;
  exclude?: string;
  k?: string;
  kRange?: string;
  nInit?: string;
  seed?: string;
  scale?: string;
  log?: string;
  value?: string;
  maxLevels?: string;
  sample?: string;
  names?: string;
  method?: string;
  gamma?: string;
  clara?: string | true;
  stability?: string;
  rulesDepth?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

export function registerCluster(program: Command): void {
  outFlags(
    dbFlags(readFlags(program.command('cluster [file]')))
      .description('k-means segments with evidence for k, a profile and a name for every segment')
      .option(
        '--features <cols>',
        'comma-separated feature columns (default: every numeric column but the id)',
      )
      .option('--exclude <cols>', 'comma-separated columns to leave out')
      .option('--k <n|auto>', `number of clusters, or auto to choose it${byDefault(CLUSTER_DEFAULTS.k)}`)
      .option(
        '--method <name>',
        `kmeans (numbers), kprototypes (numbers and categories: means and modes) or kmedoids (Gower dissimilarity, real customers as centres)${byDefault(CLUSTER_DEFAULTS.method)}`,
      )
      .option(
        '--gamma <x>',
        'kprototypes: weight of one category mismatch (default: half the mean standard deviation of the numbers)',
      )
      .option(
        '--rules-depth <n>',
        `depth of the rules that assign a segment (0 = no rules)${byDefault(CLUSTER_DEFAULTS.rulesDepth)}`,
      )
      .option(
        '--stability <B>',
        `bootstrap resamples for each segment's stability (Hennig's clusterboot; 0 = off, 50 is a good start)${byDefault(CLUSTER_DEFAULTS.stability)}`,
      )
      .option(
        '--clara [samples]',
        'kmedoids above 20,000 rows: PAM on seeded samples of 2,000 rows (default 5 samples)',
      )
      .option('--k-range <from-to>', `the range scanned by --k auto${byDefault(CLUSTER_DEFAULTS.kRange)}`)
      .option('--n-init <n>', `restarts; the lowest objective wins${byDefault(CLUSTER_DEFAULTS.nInit)}`)
      .option('--seed <n>', `random seed${byDefault(CLUSTER_DEFAULTS.seed)}`)
      .option(
        '--scale <method>',
        'standard, robust, minmax or none (default standard; kmedoids range-scales, as Gower)',
      )
      .option(
        '--log <auto|none|cols>',
        `log1p: auto (strongly right-skewed money columns), none, or a column list${byDefault(CLUSTER_DEFAULTS.log)}`,
      )
      .option('--value <col>', 'a money column whose share per segment is reported')
      .option(
        '--names <file>',
        'your own segment names: a CSV of cluster number (or generated name), name; kept in the model',
      )
      .option(
        '--max-levels <n>',
        `most levels a categorical feature may have${byDefault(CLUSTER_DEFAULTS.maxLevels)}`,
      )
      .option(
        '--sample <n>',
        'data larger than memory: choose k and profile on a seeded sample of N rows, then mini-batch k-means over every row',
      )
      .option(
        '--seeding <how>',
        "with --db: where Lloyd's iterations start: sample (the sample's k-means, default) or parallel (k-means‖ in the database)",
      ),
    'reports/cluster',
  ).action(runCluster);
}

/** `strata cluster`: a file in memory, data larger than memory, or customers in a database. */
async function runCluster(file: string | undefined, flags: ClusterFlags): Promise<void> {
  checkSource(file, flags);
  const options = clusterOptions(flags);
  if (flags.db !== undefined) {
    await clusterInDatabase(flags.db, flags, options);
    return;
  }
  if (file === undefined) return;
  if (flags.names) options.names = await readNames(flags.names);
  const out = OutputDir.from(flags);
  if (flags.sample !== undefined) {
    if (options.method && options.method !== 'kmeans')
      throw new UsageError(
        `--sample streams data larger than memory through k-means; for ${options.method} leave it out${options.method === 'kmedoids' ? ' (--clara samples rows for k-medoids)' : ''}`,
      );
    await clusterLarge(file, flags, options, out);
    return;
  }
  const table = await load(file, loadOptions(flags));
  const result = cluster(table, options);
  out.addResult(result);
  printResult(flags, result.summary, clusterText(result.summary), await out.finish());
}

/** Flags to the library's options, checked by the library's own spec before any data is read. */
export function clusterOptions(flags: Omit<ClusterFlags, 'out'>): ClusterOptions {
  // --names is a file, read by the command; the option is the names it holds.
  const { names: _file, clara, ...rest } = flags;
  const options = optionsFrom(CLUSTER_OPTIONS, rest) as ClusterOptions;
  // --clara alone means R's default of 5 samples.
  if (clara !== undefined)
    options.clara = clara === true ? 5 : (fromText(CLUSTER_OPTIONS.clara, clara) as number);
  if (flags.log !== undefined && flags.log !== 'none' && flags.log !== 'auto') options.log = list(flags.log);
  options.units = unitsOf(flags);
  checkOptions(CLUSTER_OPTIONS, options);
  options.onProgress = progressReporter();
  return options;
}

/** Customers who stay in their database: k and profiles from a sample, Lloyd's iterations in the database. */
async function clusterInDatabase(url: string, flags: ClusterFlags, options: ClusterOptions): Promise<void> {
  const out = OutputDir.from(flags);
  const dbOptions = checkOptions(DB_CLUSTER_OPTIONS, {
    ...options,
    table: flags.table,
    query: flags.query,
    bucket: flags.bucket,
    ...(flags.seeding !== undefined ? { seeding: flags.seeding } : {}),
    ...(flags.sample !== undefined
      ? { sample: fromText(DB_CLUSTER_OPTIONS.sample, flags.sample) as number }
      : {}),
  });
  const run = await withDatabase(url, (db) => clusterDatabase(db, dbOptions));
  const result = clusterResultOf(run, { input: { file: run.source, rows: run.rows }, database: run });
  out.addResult(result);
  printResult(flags, result.summary, clusterText(result.summary), await out.finish());
}

/** Data larger than memory: k and profiles from a sample, mini-batch passes, assignments streamed to disk. */
async function clusterLarge(
  file: string,
  flags: ClusterFlags,
  options: ClusterOptions,
  out: OutputDir,
): Promise<void> {
  // The streaming options are checked by the library's own spec, as every other option is.
  const { sample } = checkOptions(LARGE_CLUSTER_OPTIONS, {
    ...options,
    sample: fromText(LARGE_CLUSTER_OPTIONS.sample, flags.sample ?? '') as number,
  });
  const csv = out.stream('assignments.csv');
  const assignments = streamedAssignments((text) => csv.write(text));
  let run: LargeClusterRun;
  try {
    run = await clusterFile(file, loadOptions(flags), {
      ...options,
      sample,
      onAssigned: assignments.onAssigned,
    });
    assignments.finish();
  } finally {
    csv.close();
  }
  const result = clusterResultOf(run, { input: { file, rows: run.rows }, large: run });
  out.addResult(result);
  printResult(flags, result.summary, clusterText(result.summary), await out.finish());
}

/** What `strata cluster` prints without --json. */
export function clusterText(s: ClusterSummary): string {
  const lines: string[] = [];
  const rows = Array.isArray(s.input) ? s.input[0].rows : s.input.rows;
  const imputed = s.imputed.filter((x) => x.values > 0);
  lines.push(`Clustered ${num(rows)} customers on ${s.features.length} features (${s.features.join(', ')}).`);
  if (s.leftOut.length) lines.push(leftOutText(s.leftOut));
  if (s.logged.length) lines.push(`log1p applied to: ${s.logged.join(', ')}.`);
  const missing = imputed.map((x) => `${x.column} ${num(x.values)}`).join(', ');
  const method = methodOf(s.method);
  lines.push(!imputed.length ? 'No missing values to impute.' : method.missingSentence(missing));
  if (s.kScan.length) {
    lines.push('', `Choosing k: ${s.recommendation}.`);
    lines.push(
      textTable(
        ['k', method.objectiveName, 'silhouette', 'Calinski–Harabasz', 'Davies–Bouldin'],
        s.kScan.map((r) => [
          `${r.k === s.k ? '→ ' : ''}${r.k}`,
          method.objectiveText(r.objective ?? r.inertia, num),
          r.silhouette.toFixed(3),
          num(r.calinskiHarabasz),
          r.daviesBouldin.toFixed(3),
        ]),
        [true, true, true, true, true],
      ),
    );
  }
  lines.push('', method.runSentence(s, num));
  const hasValue = s.clusters.some((c) => c.valueShare !== undefined);
  const hasStability = s.clusters.some((c) => c.stability !== undefined);
  lines.push(
    textTable(
      [
        'cluster',
        'segment',
        'customers',
        'share',
        ...(hasValue ? ['value share'] : []),
        ...(hasStability ? ['stability'] : []),
      ],
      s.clusters.map((c) => [
        String(c.cluster),
        c.segment,
        num(c.customers),
        pct(c.share),
        ...(hasValue ? [pct(c.valueShare ?? 0)] : []),
        ...(hasStability ? [`${(c.stability ?? 0).toFixed(2)} ${c.stabilityReading}`] : []),
      ]),
      [true, false, true, true, ...(hasValue ? [true] : []), ...(hasStability ? [false] : [])],
    ),
  );
  const example = s.clusters.find((c) => c.nameFrom?.length)?.nameFrom?.[0];
  if (example)
    lines.push(
      `Names are made from each segment's strongest traits, with words matched in the column names (e.g. ${example}); summary.json's nameFrom says where each comes from, and --names FILE gives your own.`,
    );
  if (hasStability)
    lines.push(
      `Stability: mean Jaccard similarity of each segment to its best match over ${s.parameters.stability} bootstrap resamples (Hennig: under 0.6 dissolved, 0.6–0.75 weak pattern, 0.75–0.85 stable, above 0.85 highly stable).`,
    );
  if (s.segmentRules) {
    lines.push(
      '',
      `Segment rules (a tree of depth ≤ ${s.segmentRules.depth} on the features): they put ${pct(s.segmentRules.fidelity)} of customers into their own segment (cross-validated), ${pct(s.segmentRules.trainFidelity)} of the training customers${s.segmentRules.rows < rows ? ` (learned on a seeded sample of ${num(s.segmentRules.rows)})` : ''}; rules.json holds all ${s.segmentRules.rules}.`,
    );
    for (const c of s.clusters) for (const r of c.rules ?? []) lines.push(`  ${r}`);
  }
  if (s.database) lines.push(clusterDatabaseText(s.database));
  if (s.sample)
    lines.push(
      `k, the recipe and the profiles come from a seeded sample of ${num(s.sample.rows)} of ${num(rows)} rows; the centroids were refined by ${s.sample.epochs} mini-batch passes over every row (inertia ${formatNumber(s.inertia)} against ${formatNumber(s.sample.sampleInertia)} for the sample's centroids).`,
    );
  return lines.join('\n');
}
