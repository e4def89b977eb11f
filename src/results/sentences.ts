import { formatExact } from '../util/format.js';
import type { ClassifySummary } from './classify.js';
import type { ClusterSummary } from './cluster.js';

/** "Not features: a (why); b (why)." — every column a run did not use, so none vanishes unseen. */
export function leftOutText(leftOut: readonly { column: string; reason: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const x of leftOut) byReason.set(x.reason, [...(byReason.get(x.reason) ?? []), x.column]);
  // A reason is worded for one column; several share it as "them".
  const parts = [...byReason].map(
    ([reason, columns]) =>
      `${columns.join(', ')} — ${columns.length > 1 ? reason.replace(/\bit\b/g, 'them') : reason}`,
  );
  return parts.length ? `Not features: ${parts.join('. ')}.` : '';
}

const shards = (n: number) => (n ? `, on each of its ${n} shards directly` : '');

/** Where a clustering in a database ran and what left it: the summary line and the report say the same. */
export function clusterDatabaseText(d: NonNullable<ClusterSummary['database']>): string {
  const n = formatExact;
  return `The recipe was fitted by SQL over all ${n(d.rows)} customers in ${d.source}; k${d.seeding === 'sample' ? ', the seeding' : ''} and the profiles come from a seeded sample of ${n(d.sampleRows)} of them;${d.candidates !== null ? ` the seeding is k-means‖ in the database (${n(d.candidates)} candidates reduced to k);` : ''} ${d.iterations} Lloyd ${d.iterations === 1 ? 'iteration' : 'iterations'} ran in the database${shards(d.shardsReadDirectly)} (${d.secondsPerIteration.toFixed(2)} s${d.iterations === 1 ? '' : ' each'}), so sizes and shares count every customer. The customers stay there: no assignments.csv.`;
}

/** The inputs binned once into a scratch schema, said before the levels that read them. */
function scratch(s: NonNullable<ClassifySummary['database']>['scratch']): string {
  return s
    ? `the inputs binned once into a scratch table in schema "${s.schema}" (${s.seconds.toFixed(1)} s); `
    : '';
}

/** Where a tree trained in a database ran: the summary line and the report say the same. */
export function classifyDatabaseText(d: NonNullable<ClassifySummary['database']>): string {
  return `Trained in ${d.source}: the recipe by SQL over every labelled customer, the features and the bins from a seeded sample of ${formatExact(d.sampleRows)}; ${scratch(d.scratch)}each fold's tree and the final tree's ${d.levels} levels (${d.secondsPerLevel.toFixed(2)} s each) ran as queries there${shards(d.shardsReadDirectly)}. The customers stay there${d.scratch ? '; the scratch table was dropped' : ''}.`;
}
