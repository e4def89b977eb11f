import type { Table } from '../data/table.js';
import { UsageError } from '../errors.js';
import type { Medoid } from '../model/model-file.js';
import { shareColumn } from '../prep/features.js';
import { quantiles, round } from '../util/stats.js';
import { capitalize, humanize } from '../util/words.js';
import { nameClusters, renameClusters, type Trait } from './segment-names.js';

export interface NumericProfile {
  column: string;
  mean: number;
  median: number;
  q1: number;
  q3: number;
  /** (cluster mean − overall mean) / overall standard deviation. */
  stdDiff: number;
}

export interface LevelShare {
  level: string;
  count: number;
  share: number;
  overallShare: number;
  /** share / overallShare. */
  lift: number;
}

export interface CategoryProfile {
  column: string;
  levels: LevelShare[];
}

export interface ClusterProfile {
  /** The cluster number (0 … k − 1), as in assignments.csv. */
  cluster: number;
  /** The segment's readable name. */
  segment: string;
  /**
   * Where a generated name's words come from: each word and the trait behind it ("occasional: low
   * order_count_12m"); the words are matched in column names, so a column named unlike what it
   * measures can give a misleading word. Absent for a name the user gave.
   */
  nameFrom?: string[];
  customers: number;
  share: number;
  numeric: NumericProfile[];
  categorical: CategoryProfile[];
  /** Strongest first. */
  traits: Trait[];
  /** Share of the value column's total, when one was named. */
  valueShare?: number;
  valueTotal?: number;
  /** k-medoids: the real customer at the segment's centre. */
  medoid?: Medoid;
}

export interface Profiles {
  rows: number;
  value?: string;
  overall: { column: string; mean: number; std: number }[];
  clusters: ClusterProfile[];
}

export interface ProfileOptions {
  /** Columns to profile (default: every numeric and categorical column that is not an id). */
  columns?: readonly string[];
  /** Clustering features: their traits name the clusters first. */
  features?: readonly string[];
  /** A money column whose share per cluster is reported (the Pareto view per segment). */
  value?: string;
  /** Names given by the user, by cluster number ("0") or generated name; they replace the generated ones. */
  names?: ReadonlyMap<string, string>;
}

/** Describes every cluster in original units and names it by its strongest traits. */
export function profileClusters(
  table: Table,
  labels: Int32Array,
  k: number,
  options: ProfileOptions = {},
): Profiles {
  const n = table.nRows;
  const columns =
    options.columns ??
    table.schema.columns
      .filter((c) => c.role !== 'id' && (c.type === 'numeric' || c.type === 'categorical'))
      .map((c) => c.name);
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[labels[i]]++;
  const clusters: ClusterProfile[] = Array.from({ length: k }, (_, id) => ({
    cluster: id,
    segment: '',
    customers: size[id],
    share: size[id] / n,
    numeric: [],
    categorical: [],
    traits: [],
  }));
  const overall: Profiles['overall'] = [];
  // Rows grouped by cluster once (a counting sort), shared by every numeric column.
  const start = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) start[j + 1] = start[j] + size[j];
  const order = new Int32Array(n);
  const fill = start.slice(0, k);
  for (let i = 0; i < n; i++) order[fill[labels[i]]++] = i;
  const byCluster = { order, start };
  for (const name of columns) {
    const col = table.get(name);
    if (!col) throw new UsageError(`${table.source}: column "${name}" not found`);
    if (col.type === 'numeric') overall.push(profileNumeric(name, col.values, byCluster, k, clusters));
    else if (col.type === 'categorical') profileCategorical(name, col.codes, col.levels, labels, k, clusters);
  }
  if (options.value) addValueShare(table, options.value, labels, clusters);
  for (const c of clusters) c.traits.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
  nameClusters(clusters, options.features ?? columns);
  if (options.names) renameClusters(clusters, options.names, table.source);
  return { rows: n, value: options.value, overall, clusters };
}

function profileNumeric(
  name: string,
  values: Float64Array,
  byCluster: { order: Int32Array; start: Int32Array },
  k: number,
  clusters: ClusterProfile[],
): { column: string; mean: number; std: number } {
  // Each cluster's values side by side (missing left out), in row order; one pass.
  const { order, start } = byCluster;
  const grouped = new Float64Array(values.length);
  const end = new Int32Array(k);
  let sum = 0;
  let count = 0;
  for (let j = 0; j < k; j++) {
    let w = start[j];
    for (let r = start[j]; r < start[j + 1]; r++) {
      const v = values[order[r]];
      if (Number.isNaN(v)) continue;
      grouped[w++] = v;
    }
    end[j] = w;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  const m = count ? sum / count : Number.NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) ss += (values[i] - m) ** 2;
  const sd = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
  for (let j = 0; j < k; j++) {
    const slice = grouped.subarray(start[j], end[j]);
    let s = 0;
    for (let r = 0; r < slice.length; r++) s += slice[r];
    const cm = slice.length ? s / slice.length : Number.NaN;
    const z = sd > 0 && slice.length ? (cm - m) / sd : 0;
    // Quartiles by selection, not a sort of every cluster's values.
    const [median, q1, q3] = quantiles(slice, [0.5, 0.25, 0.75]);
    clusters[j].numeric.push({
      column: name,
      mean: round(cm, 6),
      median: round(median, 6),
      q1: round(q1, 6),
      q3: round(q3, 6),
      stdDiff: round(z, 4),
    });
    const h = humanize(name);
    const text =
      Math.abs(z) >= 1.5 ? `Very ${z >= 0 ? 'high' : 'low'} ${h}` : `${z >= 0 ? 'High' : 'Low'} ${h}`;
    const size = start[j + 1] - start[j];
    const present = size && slice.length < size ? round(slice.length / size, 4) : undefined;
    clusters[j].traits.push({
      column: name,
      kind: z >= 0 ? 'high' : 'low',
      score: z,
      text,
      ...(present === undefined ? {} : { present }),
    });
  }
  return { column: name, mean: round(m, 6), std: round(sd, 6) };
}

function profileCategorical(
  name: string,
  codes: Int32Array,
  levels: readonly string[],
  labels: Int32Array,
  k: number,
  clusters: ClusterProfile[],
): void {
  const L = levels.length;
  const counts = new Int32Array(k * L);
  const totals = new Int32Array(L);
  const known = new Int32Array(k);
  let all = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) continue;
    counts[labels[i] * L + c]++;
    totals[c]++;
    known[labels[i]]++;
    all++;
  }
  for (let j = 0; j < k; j++) {
    const mix: LevelShare[] = [];
    for (let l = 0; l < L; l++) {
      if (totals[l] === 0) continue;
      const share = known[j] ? counts[j * L + l] / known[j] : 0;
      const overallShare = totals[l] / all;
      mix.push({
        level: levels[l],
        count: counts[j * L + l],
        share: round(share, 4),
        overallShare: round(overallShare, 4),
        lift: round(share / overallShare, 4),
      });
      const sd = Math.sqrt(overallShare * (1 - overallShare));
      if (share >= 0.3 && share / overallShare >= 1.5 && sd > 0) {
        const z = (share - overallShare) / sd;
        clusters[j].traits.push({
          column: name,
          kind: 'level',
          level: levels[l],
          score: z,
          // "Purpose: car", not "car purpose": a level read as an adjective can say something else.
          text: capitalize(`${humanize(name)}: ${levels[l]}`),
        });
      }
    }
    mix.sort((a, b) => b.count - a.count || (a.level < b.level ? -1 : 1));
    clusters[j].categorical.push({ column: name, levels: mix });
  }
}

function addValueShare(table: Table, value: string, labels: Int32Array, clusters: ClusterProfile[]): void {
  const values = shareColumn(table, value);
  const totals = new Float64Array(clusters.length);
  let all = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    totals[labels[i]] += v;
    all += v;
  }
  for (const c of clusters) {
    c.valueTotal = round(totals[c.cluster], 8);
    c.valueShare = all ? round(totals[c.cluster] / all, 4) : 0;
  }
}

export { type Trait, unmatchedNames } from './segment-names.js';
