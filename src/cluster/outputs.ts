import type { Table } from '../data/table.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import type { ClusterRun } from './pipeline.js';

/** The `--json` object of `strata cluster` (a contract: add fields, never rename). */
export interface ClusterSummary {
  k: number;
  inertia: number;
  silhouette: number;
  iterations: number;
  kScan: {
    k: number;
    inertia: number;
    silhouette: number;
    calinskiHarabasz: number;
    daviesBouldin: number;
  }[];
  clusters: { id: number; name: string; size: number; share: number; valueShare?: number }[];
  recommendation?: string;
  features: string[];
  logged: string[];
  imputed: Record<string, number>;
}

export function clusterSummary(run: ClusterRun): ClusterSummary {
  return {
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
    })),
    clusters: run.profiles.clusters.map((c) => ({
      id: c.id,
      name: c.name,
      size: c.size,
      share: round(c.share, 6),
      ...(c.valueShare !== undefined ? { valueShare: c.valueShare } : {}),
    })),
    ...(run.scan ? { recommendation: run.scan.reason } : {}),
    features: run.features,
    logged: run.logged,
    imputed: run.imputed,
  };
}

/** assignments.csv: id, cluster, segment name, distance to centroid. */
export function assignmentsCsv(run: ClusterRun, table: Table): string {
  const idName = run.id ?? 'row';
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++) {
    const l = run.fit.labels[i];
    rows.push([
      run.id ? table.text(run.id, i) : i + 1,
      l,
      run.profiles.clusters[l].name,
      round(run.distance[i], 8),
    ]);
  }
  return toCsv([idName, 'cluster', 'segment', 'distance'], rows);
}

export function kScanCsv(run: ClusterRun): string {
  const s = clusterSummary(run);
  return toCsv(
    ['k', 'inertia', 'silhouette', 'calinski_harabasz', 'davies_bouldin'],
    s.kScan.map((r) => [r.k, r.inertia, r.silhouette, r.calinskiHarabasz, r.daviesBouldin]),
  );
}
