import { expect, it } from 'vitest';
import { cli, hasRCluster, rscript, shared, suite, tempDir } from '../helpers.js';

const german = shared('german_credit/german_credit_readable.csv');

suite('k-medoids parity with R cluster::pam on Gower (German credit)', !!(german && hasRCluster()), () => {
  // Every column but the index and the label, as the issue asks; empty cells are missing.
  const ref = rscript(`
library(cluster)
d <- read.csv(${JSON.stringify(german)}, stringsAsFactors = TRUE, na.strings = "", check.names = FALSE)
x <- d[, !(names(d) %in% c("", "Risk"))]
g <- daisy(x, metric = "gower")
for (k in 2:6) { p <- pam(g, k, diss = TRUE); cat(k, p$objective[["swap"]], p$silinfo$avg.width, "\\n") }
`);

  it('k = 2…6: mean dissimilarity within 0.5% of pam, silhouette within 0.01', () => {
    expect(ref).toHaveLength(5);
    for (const [k, objective, width] of ref) {
      const r = cli([
        'cluster',
        german!,
        '--method',
        'kmedoids',
        '--k',
        String(k),
        '--exclude',
        'Risk',
        '--out',
        tempDir(),
        '--no-report',
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as {
        method: string;
        objective: number;
        silhouette: number;
        features: string[];
        clusters: { medoid?: { row: number } }[];
      };
      expect(s.method).toBe('kmedoids');
      expect(s.features).toHaveLength(9);
      console.log(
        `k = ${k}: Strata ${s.objective.toFixed(6)} / ${s.silhouette.toFixed(4)}; R pam ${objective.toFixed(6)} / ${width.toFixed(4)}`,
      );
      expect(Math.abs(s.objective - objective) / objective).toBeLessThan(0.005);
      expect(Math.abs(s.silhouette - width)).toBeLessThan(0.01);
      // Medoids are real customers: every segment names its row.
      expect(s.clusters.every((c) => c.medoid && c.medoid.row >= 1 && c.medoid.row <= 1000)).toBe(true);
    }
  });
});
