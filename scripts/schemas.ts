/**
 * Writes schemas/*.schema.json from the TypeScript types of every summary, run.json, model.json,
 * the report's documents and scorecards. `npm run schemas`; a test checks the files are current.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const TYPES: [name: string, file: string, type: string][] = [
  ['run', 'src/results/envelope.ts', 'RunFile'],
  ['describe-summary', 'src/results/describe.ts', 'DescribeSummary'],
  ['cluster-summary', 'src/results/cluster.ts', 'ClusterSummary'],
  ['classify-summary', 'src/results/classify.ts', 'ClassifySummary'],
  ['grade-summary', 'src/results/grade.ts', 'GradeSummary'],
  ['rfm-summary', 'src/results/rfm.ts', 'RfmSummary'],
  ['pareto-summary', 'src/results/pareto.ts', 'ParetoSummary'],
  ['compare-summary', 'src/results/compare.ts', 'CompareSummary'],
  ['migrate-summary', 'src/results/compare.ts', 'MigrateSummary'],
  ['clv-summary', 'src/results/clv.ts', 'ClvSummary'],
  ['clv-tracking', 'src/results/clv.ts', 'TrackingDocument'],
  ['clv-alive', 'src/results/clv.ts', 'AliveGrid'],
  ['clv-distribution', 'src/results/clv.ts', 'ClvDistribution'],
  ['clv-review', 'src/results/clv.ts', 'ClvReview'],
  ['assign-summary', 'src/results/assign.ts', 'AssignSummary'],
  ['assign-headcount', 'src/results/assign.ts', 'HeadcountCurve'],
  ['model', 'src/model/model-file.ts', 'Model'],
  ['profiles', 'src/cluster/profile.ts', 'Profiles'],
  ['points', 'src/cluster/points.ts', 'ClusterPoints'],
  ['rules', 'src/classify/rules.ts', 'RuleList'],
  ['segment-rules', 'src/cluster/segment-rules.ts', 'ClusterRuleList'],
  ['pareto-curve', 'src/results/pareto.ts', 'ParetoCurve'],
  ['disagreements', 'src/grade/tier-agreement.ts', 'DisagreementList'],
  ['follow-up', 'src/grade/follow-up.ts', 'FollowUpList'],
  ['scorecard', 'src/grade/card-schema.ts', 'ScorecardFile'],
];

export function schemaText(file: string, type: string, name: string): string {
  const schema = createGenerator({
    path: join(root, file),
    tsconfig: join(root, 'tsconfig.json'),
    type,
    expose: 'export',
    topRef: true,
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema(type);
  return `${JSON.stringify({ title: `Strata ${name}`, ...schema }, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, file, type] of TYPES) {
    writeFileSync(join(root, 'schemas', `${name}.schema.json`), schemaText(file, type, name));
    process.stderr.write(`schemas/${name}.schema.json\n`);
  }
}
