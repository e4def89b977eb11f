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
/** assignments.csv in blocks of 50,000 rows, so millions of rows never sit in memory as one string. */
export function streamAssignments(run: ClusterRun, table: Table, write: (text: string) => void): void {
  const idName = run.id ?? 'row';
  write(toCsv([idName, 'cluster', 'segment', 'distance'], []));
  for (let from = 0; from < table.nRows; from += 50_000) {
    const rows: Cell[][] = [];
    for (let i = from; i < Math.min(table.nRows, from + 50_000); i++) {
      const l = run.fit.labels[i];
      rows.push([
        run.id ? table.text(run.id, i) : i + 1,
        l,
        run.profiles.clusters[l].name,
        round(run.distance[i], 8),
      ]);
    }
    const text = toCsv([], rows);
    write(text.slice(text.indexOf('\n') + 1));
  }
}

export function kScanCsv(run: ClusterRun): string {
  const s = clusterSummary(run);
  return toCsv(
    ['k', 'inertia', 'silhouette', 'calinski_harabasz', 'davies_bouldin'],
    s.kScan.map((r) => [r.k, r.inertia, r.silhouette, r.calinskiHarabasz, r.daviesBouldin]),
  );
}
