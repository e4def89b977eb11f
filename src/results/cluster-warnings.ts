import { unmatchedNames } from '../cluster/profile.js';
import type { ClusterRun } from '../cluster/run.js';
import type { Warning } from './envelope.js';

/** What the data did to the run: features mostly missing, levels folded, centres with gaps. */
function dataWarnings(run: ClusterRun): Warning[] {
  const out: Warning[] = [];
  for (const g of run.gaps)
    out.push({
      code: 'mostly-missing',
      message: `${g.column} is missing for ${(100 * g.share).toFixed(1)}% of customers: ${run.method === 'kmedoids' ? 'the Gower dissimilarity skips it there, so those customers are compared on fewer features' : 'those gaps were filled with the median (or the most frequent level), which pulls customers together'}; segments are never named after it where most of a segment lacks it`,
    });
  for (const f of run.folded)
    out.push({
      code: 'levels-folded',
      message: `${f.column} has ${f.levels.toLocaleString('en-US')} levels: k-means one-hots the ${f.kept} most frequent and compares the other ${(f.levels - f.kept).toLocaleString('en-US')} as one "other" level (all zeros), which bounds its memory; method kprototypes or kmedoids compares every level by matching`,
    });
  for (const c of run.profiles.clusters)
    if (c.medoid?.missing.length)
      out.push({
        code: 'medoid-with-gaps',
        message: `the customer at the centre of "${c.segment}"${c.medoid.id === null ? '' : ` (${c.medoid.id})`} lacks ${c.medoid.missing.join(', ')}: the Gower dissimilarity compares customers on the fields both have, so a record with gaps can look central; read the segment by its profile (means over the customers who have a value), not by this centre's values`,
      });
  return out;
}

export function warningsOf(run: ClusterRun): Warning[] {
  const options = run.options;
  const out: Warning[] = [];
  for (const c of run.profiles.clusters) {
    if (c.customers === 0)
      out.push({ code: 'empty-segment', message: `segment "${c.segment}" has no customers` });
    else if (c.share < 0.02)
      out.push({
        code: 'small-segment',
        message: `segment "${c.segment}" holds ${(100 * c.share).toFixed(1)}% of the customers (${c.customers}): too few to act on as a segment`,
      });
  }
  for (const st of run.stability?.segments ?? [])
    if (st.reading === 'dissolved')
      out.push({
        code: 'dissolving-segment',
        message: `segment "${run.profiles.clusters[st.cluster].segment}" dissolves under resampling (mean Jaccard ${st.jaccard.toFixed(2)} over ${run.stability!.resamples} bootstrap resamples, under 0.6): it is not a pattern to act on`,
      });
  out.push(...dataWarnings(run));
  const used = run.profiles.clusters.filter((c) => c.customers > 0).length;
  if (!run.rules && options.rulesDepth > 0 && used > 1)
    out.push({
      code: 'no-segment-rules',
      message:
        'no segment rules were learned: fewer than two segments have two customers or more (a rule needs a group)',
    });
  if (run.rules) {
    const ruled = new Set(run.rules.rules.map((r) => r.cluster));
    for (const c of run.profiles.clusters)
      if (c.customers > 0 && !ruled.has(c.cluster))
        out.push({
          code: 'segment-without-rule',
          message: `no rule of depth ≤ ${run.rules.depth} puts a customer into segment "${c.segment}": predicting by rules never assigns it (deeper rules may)`,
        });
    if (run.rules.fidelity < 0.8)
      out.push({
        code: 'rules-low-fidelity',
        message: `the segment rules put only ${(100 * run.rules.fidelity).toFixed(1)}% of customers into their own segment (cross-validated): read them as a summary, not a replacement for the model`,
      });
  }
  if (options.names)
    for (const key of unmatchedNames(run.profiles.clusters, options.names))
      out.push({
        code: 'name-unused',
        message: `the name given for "${key}" matches no segment (use a cluster number 0-${run.fit.k - 1} or a generated name)`,
      });
  const categories = run.features.filter((f) =>
    run.model.recipe.steps.some((s) => s.name === f && s.kind === 'categorical'),
  );
  if (run.method === 'kmeans' && categories.length)
    out.push({
      code: 'categories-one-hot',
      message: `k-means compares ${categories.join(', ')} as one-hot columns, so its centres hold shares of levels rather than levels; method kprototypes compares categories by matching (a mode per segment), kmedoids by Gower dissimilarity (real customers as centres)`,
    });
  if (run.scan) {
    const [from, to] = options.kRange;
    const k = run.fit.k;
    // k = 2 is the smallest number of segments there is: a range starting there has no lower edge.
    if (run.scan.rows.length > 1 && ((k === from && from > 2) || k === to))
      out.push({
        code: 'k-at-range-edge',
        message: `k = ${k} is at the ${k === to ? 'top' : 'bottom'} of the range scanned (${from}-${to}); ${k === to ? `a range reaching higher (k from ${from} to ${Math.min(100, 2 * to)})` : `a range starting lower (k from 2 to ${to})`} may fit better`,
      });
  }
  return out;
}
