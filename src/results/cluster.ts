import {
  type ClusterOptions,
  type ClusterRun,
  resolveCluster,
  runClustering,
} from '../cluster/cluster-table.js';
import type { AssignedBatch, LargeClusterRun } from '../cluster/large.js';
import { cellText, numberText, type Table } from '../data/table.js';
import { textMapParameter } from '../options.js';
import { AsciiLines } from '../util/ascii-lines.js';
import { csvField, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { warningsOf } from './cluster-warnings.js';
import { shardWarnings } from './database.js';
import { type Envelope, envelope } from './envelope.js';
import type { Result, TableWriter } from './result.js';

export interface KScanSummaryRow {
  k: number;
  inertia: number;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** k-prototypes and k-medoids: the method's objective at this k. */
  objective?: number;
}

export interface SegmentSummary {
  /** The cluster number, as in assignments.csv. */
  cluster: number;
  segment: string;
  customers: number;
  share: number;
  /** Where a generated name's words come from (absent for a name the user gave). */
  nameFrom?: string[];
  /** Share of the value column's total, when one was named. */
  valueShare?: number;
  /**
   * k-medoids: the customer at the centre (row number, and id when the data has one), and the
   * features it lacks (Gower compares it on the others).
   */
  medoid?: { row: number; id: string | null; missing: string[] };
  /** With --stability B: the mean bootstrap Jaccard similarity to the best-matching resampled segment. */
  stability?: number;
  /** Hennig's reading: dissolved (< 0.6), weak pattern (< 0.75), stable (≤ 0.85), highly stable. */
  stabilityReading?: string;
  /** The rules that put a customer into this segment ("IF … THEN segment …"), largest first. */
  rules?: string[];
}

/** The summary of `strata cluster`, equal to its `--json`. */
export interface ClusterSummary extends Envelope {
  command: 'cluster';
  k: number;
  /** kmeans, kprototypes or kmedoids. */
  method: 'kmeans' | 'kprototypes' | 'kmedoids';
  /**
   * The method's objective: k-means the inertia; k-prototypes the total cost; k-medoids the mean
   * Gower dissimilarity to the medoid (R's `pam` objective).
   */
  objective: number;
  /** k-prototypes: the weight of a category mismatch. */
  gamma?: number;
  /** Sum of squared distances to the centres in the scaled feature space (categories one-hot). */
  inertia: number;
  silhouette: number;
  iterations: number;
  /** One row per k scanned (empty when k was given). */
  kScan: KScanSummaryRow[];
  recommendation?: string;
  clusters: SegmentSummary[];
  features: string[];
  /** Every other column and why it is not a feature. */
  leftOut: { column: string; reason: string }[];
  /** Features log1p-transformed before scaling. */
  logged: string[];
  /** Missing values filled per feature. */
  imputed: { column: string; values: number }[];
  /**
   * Rules that assign a segment: a tree of depth ≤ `depth` on the features, with its cross-validated
   * fidelity (share of customers the rules put into their own segment).
   */
  segmentRules?: {
    depth: number;
    fidelity: number;
    trainFidelity: number;
    rules: number;
    /** Customers the rules were learned from (a seeded sample of 20,000 above that). */
    rows: number;
  };
  /**
   * Trained in a database: where, the customers counted there, the sample that chose k and is
   * profiled, and the Lloyd iterations run in the database with their mean time.
   */
  database?: {
    source: string;
    rows: number;
    sampleRows: number;
    iterations: number;
    secondsPerIteration: number;
    /** Where Lloyd's iterations started: the sample's k-means, or k-means‖ in the database. */
    seeding: 'sample' | 'parallel';
    /** With k-means‖: the candidates drawn before the reduction to k; else null. */
    candidates: number | null;
    /**
     * Seconds per phase: counting and sampling, the recipe by SQL, k and the starting centres, each
     * Lloyd pass, the profiles.
     */
    phases: { sample: number; recipe: number; seeding: number; passes: number[]; profiles: number };
    /** Shards of a sharded table whose Lloyd passes Strata ran on each shard directly (0: none). */
    shardsReadDirectly: number;
  };
  /** Data larger than memory (`sample`): the sample and the mini-batch passes over every row. */
  sample?: { rows: number; epochs: number; sampleInertia: number };
}

/** What a clustering trained in a database adds to its summary. */
export interface DatabaseRunInfo {
  source: string;
  rows: number;
  sampleRows: number;
  iterations: number;
  seconds: number[];
  /** Whether a sharded PostgreSQL aggregated on its shards (null: not sharded). */
  pushed: boolean | null;
  seeding: 'sample' | 'parallel';
  candidates: number | null;
  phases: { sample: number; recipe: number; seeding: number; passes: number[]; profiles: number };
  shardsReadDirectly: number;
}

export type ClusterResult = Result<ClusterSummary> & { run: ClusterRun };

/** The resolved options a clustering reports, in a fixed order. */
function clusterParameters(
  run: ClusterRun,
  large?: Pick<LargeClusterRun, 'sampleRows'>,
): Record<string, unknown> {
  const p = run.model.params;
  const options = run.options;
  return {
    k: run.fit.k,
    ...(run.scan ? { kRange: [...options.kRange] } : {}),
    features: run.features,
    id: run.id ?? null,
    nInit: p.nInit,
    seed: p.seed,
    maxIter: p.maxIter,
    tol: p.tol,
    scale: run.model.recipe.scale,
    log: run.logged,
    value: options.value ?? null,
    method: run.method,
    ...(run.model.state.gamma !== undefined ? { gamma: run.model.state.gamma } : {}),
    ...(options.clara !== undefined ? { clara: options.clara } : {}),
    ...(run.stability ? { stability: run.stability.resamples } : {}),
    rulesDepth: options.rulesDepth,
    ...(large ? { sample: large.sampleRows } : {}),
    units: textMapParameter(options.units),
    names: textMapParameter(options.names),
  };
}

function segmentsOf(run: ClusterRun): SegmentSummary[] {
  return run.profiles.clusters.map((c) => ({
    cluster: c.cluster,
    segment: c.segment,
    customers: c.customers,
    share: round(c.share, 6),
    ...(c.nameFrom ? { nameFrom: c.nameFrom } : {}),
    ...(c.valueShare !== undefined ? { valueShare: c.valueShare } : {}),
    ...(c.medoid ? { medoid: { row: c.medoid.row, id: c.medoid.id, missing: c.medoid.missing } } : {}),
    ...(run.stability
      ? {
          stability: round(run.stability.segments[c.cluster].jaccard, 6),
          stabilityReading: run.stability.segments[c.cluster].reading,
        }
      : {}),
    ...(run.rules
      ? { rules: run.rules.rules.filter((r) => r.cluster === c.cluster).map((r) => r.statement) }
      : {}),
  }));
}

function databaseOf(database: DatabaseRunInfo): NonNullable<ClusterSummary['database']> {
  const { seconds } = database;
  return {
    source: database.source,
    rows: database.rows,
    sampleRows: database.sampleRows,
    iterations: database.iterations,
    secondsPerIteration: round(seconds.reduce((a, b) => a + b, 0) / Math.max(1, seconds.length), 4),
    seeding: database.seeding,
    candidates: database.candidates,
    phases: { ...database.phases, passes: database.phases.passes.map((v) => round(v, 3)) },
    shardsReadDirectly: database.shardsReadDirectly,
  };
}

export function clusterSummary(
  run: ClusterRun,
  input: { file: string; rows: number },
  large?: Pick<LargeClusterRun, 'sampleRows' | 'epochs' | 'sampleInertia'>,
  database?: DatabaseRunInfo,
): ClusterSummary {
  const parameters = clusterParameters(run, large);
  return {
    ...envelope('cluster', input, parameters, [
      ...warningsOf(run),
      ...shardWarnings(database?.pushed ?? null),
    ]),
    command: 'cluster',
    k: run.fit.k,
    inertia: round(run.fit.inertia, 10),
    silhouette: round(run.silhouette, 6),
    iterations: run.fit.iterations,
    kScan: (run.scan?.rows ?? []).map((r) => ({
      k: r.k,
      inertia: round(r.inertia, 10),
      silhouette: round(r.silhouette, 6),
      calinskiHarabasz: round(r.calinskiHarabasz, 8),
      daviesBouldin: round(r.daviesBouldin, 6),
      ...(r.objective !== undefined ? { objective: round(r.objective, 10) } : {}),
    })),
    ...(run.scan ? { recommendation: run.scan.reason } : {}),
    clusters: segmentsOf(run),
    features: run.features,
    leftOut: run.leftOut,
    logged: run.logged,
    imputed: Object.entries(run.imputed).map(([column, values]) => ({ column, values })),
    ...(large
      ? {
          sample: {
            rows: large.sampleRows,
            epochs: large.epochs,
            sampleInertia: round(large.sampleInertia, 10),
          },
        }
      : {}),
    ...(database ? { database: databaseOf(database) } : {}),
    method: run.method,
    objective: round(run.fit.objective, 10),
    ...(run.model.state.gamma !== undefined ? { gamma: round(run.model.state.gamma, 10) } : {}),
    ...(run.rules
      ? {
          segmentRules: {
            depth: run.rules.depth,
            fidelity: round(run.rules.fidelity, 6),
            trainFidelity: round(run.rules.trainFidelity, 6),
            rules: run.rules.rules.length,
            rows: run.rules.rows,
          },
        }
      : {}),
  };
}

/**
 * assignments.csv's lines written as bytes a block at a time, so millions of rows never sit in memory
 * as one string: the header, then per row its id (written by the caller into `out`) and `row`'s rest.
 */
function assignmentLines(
  write: (text: string) => void,
  idColumn: string | undefined,
  names: readonly string[],
) {
  write(toCsv([idColumn ?? 'row', 'cluster', 'segment', 'distance'], []));
  // Each segment's ",cluster,segment," is written once as bytes; a row adds its id and distance.
  const middle = names.map((name, j) => Buffer.from(`,${j},${csvField(name)},`));
  const out = new AsciiLines(write);
  const row = (label: number, distance: number) => {
    out.bytes(middle[label]);
    if (!Number.isNaN(distance)) out.significant(distance, 8);
    out.byte(10);
  };
  return { out, row };
}

/** assignments.csv of a clustering whose table is in memory. */
export function assignmentsCsv(run: ClusterRun, table: Table): TableWriter {
  return (write) => {
    const names = run.profiles.clusters.map((c) => c.segment);
    const { out, row } = assignmentLines(write, run.id, names);
    const ids = run.id ? table.get(run.id) : undefined;
    const numbers = ids?.type === 'numeric' ? ids.values : undefined;
    const { labels } = run.fit;
    for (let i = 0; i < table.nRows; i++) {
      // A number's text needs neither quotes nor a formula guard.
      if (numbers) {
        const v = numbers[i];
        if (Number.isSafeInteger(v)) out.integer(v);
        else if (!Number.isNaN(v)) out.text(numberText(v));
      } else if (ids) out.text(csvField(cellText(ids, i)));
      else out.integer(i + 1);
      row(labels[i], run.distance[i]);
    }
    out.flush();
  };
}

/**
 * assignments.csv of data larger than memory, written batch by batch as `clusterFile` assigns the
 * rows (its `onAssigned`): the same lines as `assignmentsCsv` writes; `finish` flushes the last block.
 */
export function streamedAssignments(write: (text: string) => void): {
  onAssigned: (batch: AssignedBatch) => void;
  finish: () => void;
} {
  let lines: ReturnType<typeof assignmentLines> | null = null;
  let written = 0;
  return {
    onAssigned(b) {
      lines ??= assignmentLines(write, b.idColumn, b.names);
      const { out, row } = lines;
      for (let i = 0; i < b.ids.length; i++) {
        if (b.idColumn) out.text(csvField(b.ids[i]));
        else out.integer(++written);
        row(b.cluster[i], b.distance[i]);
      }
    },
    finish: () => lines?.out.flush(),
  };
}

function kScanCsv(s: ClusterSummary): string {
  const objective = s.method !== 'kmeans';
  return toCsv(
    [
      'k',
      'inertia',
      'silhouette',
      'calinski_harabasz',
      'davies_bouldin',
      ...(objective ? ['objective'] : []),
    ],
    s.kScan.map((r) => [
      r.k,
      r.inertia,
      r.silhouette,
      r.calinskiHarabasz,
      r.daviesBouldin,
      ...(objective ? [r.objective ?? ''] : []),
    ]),
  );
}

/**
 * A clustering's result from a run: the summary, profiles.json, points.json and model.json, and
 * assignments.csv when the table is in memory (the large path streams it while it runs).
 */
/** Where a clustering's result came from: its input, and the table when it is in memory. */
export interface ClusterResultFrom {
  input: { file: string; rows: number };
  /** The table clustered, for assignments.csv (absent: streamed while it ran, or still in a database). */
  table?: Table;
  /** Data larger than memory: the sample and the passes over every row. */
  large?: Pick<LargeClusterRun, 'sampleRows' | 'epochs' | 'sampleInertia'>;
  /** Trained in a database. */
  database?: DatabaseRunInfo;
}

export function clusterResultOf(run: ClusterRun, from: ClusterResultFrom): ClusterResult {
  const { table, large, database } = from;
  const summary = clusterSummary(run, from.input, large, database);
  const tables = new Map<string, TableWriter>();
  if (table) tables.set('assignments.csv', assignmentsCsv(run, table));
  if (summary.kScan.length) tables.set('k-scan.csv', (write) => write(kScanCsv(summary)));
  return {
    run,
    summary,
    model: run.model,
    documents: new Map<string, unknown>([
      ['profiles.json', run.profiles],
      ['points.json', run.points],
      ['model.json', run.model],
      ...(run.rules ? ([['rules.json', run.rules.rules]] as const) : []),
    ]),
    tables,
  };
}

/**
 * Segments of the customers in `table`: features → recipe → k-means (k chosen with evidence or
 * given) → profiles and names. The result holds what `strata cluster` prints and writes.
 *
 * @example
 * const seg = cluster(await load('data/customers.csv', { id: 'customer_id' }), { k: 'auto', seed: 42 });
 * seg.summary.clusters.map((c) => `${c.segment}: ${c.customers}`);
 */
export function cluster(table: Table, options: ClusterOptions = {}): ClusterResult {
  const run = runClustering(table, resolveCluster(options));
  return clusterResultOf(run, { input: { file: table.source, rows: table.nRows }, table });
}
