import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { clusterTable } from '../../src/cluster/cluster-table.js';
import { load } from '../../src/data/load.js';
import { applyRecipe } from '../../src/prep/recipe.js';
import { hasRCluster, ROOT, rscript, shared, suite, tempDir } from '../helpers.js';

const mall = shared('mall_customers/Mall_Customers.csv');
const demo = join(ROOT, 'data', 'customers.csv');

/**
 * Strata's stability against fpc::clusterboot (bootmethod "boot", k-means with 10 starts) on the
 * very matrix Strata clustered (its recipe's output), each Strata segment matched to the R cluster
 * it overlaps most.
 */
async function compare(file: string, options: Parameters<typeof clusterTable>[1], B: number) {
  const table = await load(file);
  const run = clusterTable(table, { ...options, stability: B });
  const m = applyRecipe(run.model.recipe, table);
  const csv = join(tempDir(), 'matrix.csv');
  const lines: string[] = [];
  for (let i = 0; i < m.rows; i++)
    lines.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(','));
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const [bootmean, partition] = rscript(`
suppressMessages(library(fpc))
x <- as.matrix(read.csv(${JSON.stringify(csv)}, header = FALSE))
cb <- clusterboot(x, B = ${B}, bootmethod = "boot", clustermethod = kmeansCBI, krange = ${run.fit.k}, runs = 10, seed = 1, count = FALSE, showplots = FALSE)
cat(cb$bootmean, "\\n")
cat(cb$result$partition, "\\n")
`);
  const k = run.fit.k;
  const overlap = new Int32Array(k * (k + 1));
  for (let i = 0; i < m.rows; i++) overlap[run.fit.labels[i] * (k + 1) + partition[i]]++;
  return run.stability!.segments.map((s) => {
    let best = 1;
    for (let r = 2; r <= k; r++)
      if (overlap[s.cluster * (k + 1) + r] > overlap[s.cluster * (k + 1) + best]) best = r;
    return { segment: run.profiles.clusters[s.cluster].segment, strata: s.jaccard, r: bootmean[best - 1] };
  });
}

suite('segment stability against R fpc::clusterboot', !!(mall && hasRCluster()), () => {
  it('Mall customers, k = 5, 400 resamples: every segment within 0.05', async () => {
    const rows = await compare(mall!, { k: 5, seed: 1, exclude: ['Gender'] }, 400);
    for (const r of rows)
      console.log(`Mall ${r.segment}: Strata ${r.strata.toFixed(3)}, fpc ${r.r.toFixed(3)}`);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(Math.abs(r.strata - r.r), r.segment).toBeLessThan(0.05);
  });

  it('the demo data, k = 5 as the demo finds it, 100 resamples: every segment within 0.05', async () => {
    const rows = await compare(demo, { k: 5, seed: 42, log: 'auto' }, 100);
    for (const r of rows)
      console.log(`demo ${r.segment}: Strata ${r.strata.toFixed(3)}, fpc ${r.r.toFixed(3)}`);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(Math.abs(r.strata - r.r), r.segment).toBeLessThan(0.05);
  });
});
