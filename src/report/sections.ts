import type { ClassifySummary } from '../classify/outputs.js';
import { type Rule, ruleStatement } from '../classify/rules.js';
import type { ClusterSummary } from '../cluster/outputs.js';
import type { ClusterPoints } from '../cluster/points.js';
import type { Profiles } from '../cluster/profile.js';
import type { Disagreement } from '../grade/compare.js';
import type { TreeModel } from '../model/model-file.js';
import { formatExact, formatNumber, formatShare } from '../util/format.js';
import { classMetricsChart, countBarsChart, importanceChart } from './charts/bars.js';
import { clusterScatterChart } from './charts/cluster-scatter.js';
import { featureBoxplotsChart } from './charts/feature-boxplots.js';
import { crossTableChart } from './charts/heatmap.js';
import { kScanChart } from './charts/k-scan.js';
import { paretoCurveChart } from './charts/pareto-curve.js';
import { profileHeatmapChart } from './charts/profile-heatmap.js';
import { type RfmCell, rfmGridChart } from './charts/rfm.js';
import { segmentSizesChart } from './charts/segment-sizes.js';
import type { Chart } from './charts/spec.js';
import { treeChart } from './charts/tree.js';
import type { Part } from './parts.js';
import { treeNodes } from './tree-nodes.js';

export interface ReportTable {
  title: string;
  header: string[];
  rows: string[][];
}

export interface Section {
  part: Part;
  title: string;
  /** Sentences, plain text. */
  words: string[];
  charts: Chart[];
  tables: ReportTable[];
}

const pct = formatShare;
const n = formatExact;
const g = (x: number) => formatNumber(x);

export interface GradeReportSummary {
  customers: number;
  tiers: { tier: string; customers: number; share: number }[];
  unassigned: number;
  scorecard: string;
  policies: { tier: string; min: number | null; owner: string; followUp: string; actions: string[] }[];
}

export interface RfmReportSummary {
  customers: number;
  totalMonetary: number;
  asOf: string;
  dropped: Record<string, number>;
  segments: { name: string; customers: number; monetaryShare: number }[];
  grid: RfmCell[];
}

export interface ParetoReportSummary {
  customers: number;
  value: string;
  headline: string;
  cutoffs: [number, number];
  topShares: { customerShare: number; valueShare: number }[];
  classes: { class: string; customers: number; valueShare: number }[];
  curve: number[];
}

export interface CompareReportSummary {
  customers: number;
  agreement: number;
  kappa: number;
  weightedKappa: number;
  quadraticKappa: number;
  labels: string[];
  matrix: number[][];
  disagreements: number;
  top: Disagreement[];
}

export interface MigrateReportSummary {
  customers: number;
  stayed: number;
  up: number;
  down: number;
  added: number;
  lost: number;
  labels: string[];
  matrix: number[][];
}

export function section(p: Part): Section {
  switch (p.run.kind) {
    case 'cluster':
      return clusterSection(p);
    case 'classify':
      return classifySection(p);
    case 'grade':
      return gradeSection(p);
    case 'rfm':
      return rfmSection(p);
    case 'pareto':
      return paretoSection(p);
    case 'compare':
      return compareSection(p);
    case 'migrate':
      return migrateSection(p);
  }
}

function clusterSection(p: Part): Section {
  const s = p.json<ClusterSummary>('summary.json');
  const profiles = p.json<Profiles>('profiles.json');
  const points = p.has('points.json') ? p.json<ClusterPoints>('points.json') : null;
  const words = [
    `${n(p.run.rows)} customers fall into ${s.k} segments (silhouette ${s.silhouette.toFixed(3)}, inertia ${g(s.inertia)}).`,
  ];
  if (s.recommendation) words.push(`Choosing k: ${s.recommendation}.`);
  for (const c of profiles.clusters) {
    const traits = c.traits
      .filter((t) => Math.abs(t.score) >= 0.5)
      .slice(0, 3)
      .map((t) => (t.kind === 'level' ? t.text : t.text.toLowerCase()));
    words.push(
      `"${c.name}": ${n(c.size)} customers (${pct(c.share)})${c.valueShare !== undefined ? `, ${pct(c.valueShare)} of ${profiles.value}` : ''}${traits.length ? `; ${traits.join(', ')}` : ''}.`,
    );
  }
  const charts: Chart[] = [];
  if (s.kScan.length) charts.push(kScanChart(s.kScan, s.k));
  if (points) charts.push(clusterScatterChart(points));
  const features = s.features.filter((f) => profiles.overall.some((o) => o.column === f));
  charts.push(
    profileHeatmapChart(
      profiles.clusters.flatMap((c) =>
        c.numeric
          .filter((x) => features.includes(x.column))
          .map((x) => ({ segment: c.name, feature: x.column, stdDiff: x.stdDiff, mean: x.mean })),
      ),
    ),
  );
  charts.push(
    segmentSizesChart(
      profiles.clusters.map((c) => ({
        segment: c.name,
        customers: c.size,
        share: c.share,
        valueShare: c.valueShare,
      })),
      profiles.value,
    ),
  );
  if (points?.keys.length) charts.push(featureBoxplotsChart(points.points, points.keys, points.total));
  const tables: ReportTable[] = [
    {
      title: 'Segments',
      header: [
        'segment',
        'customers',
        'share',
        ...(profiles.value ? [`share of ${profiles.value}`] : []),
        'strongest traits',
      ],
      rows: profiles.clusters.map((c) => [
        c.name,
        n(c.size),
        pct(c.share),
        ...(profiles.value ? [pct(c.valueShare ?? 0)] : []),
        c.traits
          .slice(0, 4)
          .map((t) => t.text)
          .join('; '),
      ]),
    },
    {
      title: 'Segment means (original units)',
      header: ['segment', ...features],
      rows: profiles.clusters.map((c) => [
        c.name,
        ...features.map((f) => g(c.numeric.find((x) => x.column === f)?.mean ?? Number.NaN)),
      ]),
    },
  ];
  return { part: p, title: 'Segments (k-means clustering)', words, charts, tables };
}

function classifySection(p: Part): Section {
  const s = p.json<
    ClassifySummary & { importance: { feature: string; impurity: number; permutation: number }[] }
  >('summary.json');
  const rules = p.json<Rule[]>('rules.json');
  const model = p.json<TreeModel>('model.json');
  const label = model.state.label;
  const words = [
    `A decision tree learned "${label}" from ${n(s.rows)} customers: ${s.cv.folds}-fold cross-validated accuracy ${pct(s.cv.accuracy)} (± ${pct(s.cv.accuracyStd)}), balanced accuracy ${pct(s.cv.balancedAccuracy)}, macro F1 ${s.cv.macroF1.toFixed(3)}, kappa ${s.cv.kappa.toFixed(3)}.`,
    `The final tree has depth ${s.tree.depth} and ${s.tree.leaves} leaves, one rule each; the largest: ${rules[0]?.text ?? '—'}`,
  ];
  if (s.droppedMissingLabel) words.push(`${n(s.droppedMissingLabel)} rows without a label were left out.`);
  if (s.cv.note) words.push(`Note: ${s.cv.note}.`);
  const charts = [
    crossTableChart(
      'confusion-matrix',
      'Confusion matrix (cross-validated)',
      s.cv.confusion.labels,
      s.cv.confusion.matrix,
      'true class',
      'predicted class',
    ),
    classMetricsChart(s.cv.perClass),
    importanceChart(s.importance),
    treeChart(treeNodes(model)),
  ];
  const tables: ReportTable[] = [
    {
      title: 'Per class (cross-validated)',
      header: ['class', 'precision', 'recall', 'F1', 'support'],
      rows: Object.entries(s.cv.perClass).map(([c, m]) => [
        c,
        m.precision.toFixed(3),
        m.recall.toFixed(3),
        m.f1.toFixed(3),
        n(m.support),
      ]),
    },
    {
      title: `Rules (${rules.length}, largest first)`,
      header: ['#', 'rule', 'customers', 'correct'],
      rows: rules.map((r, i) => [String(i + 1), ruleStatement(r), n(r.customers), pct(r.correct, 0)]),
    },
  ];
  return { part: p, title: `Tiers from known labels (decision tree on "${label}")`, words, charts, tables };
}

function gradeSection(p: Part): Section {
  const s = p.json<GradeReportSummary>('summary.json');
  const words = [
    `${n(s.customers)} customers graded with "${s.scorecard}": ${s.tiers.map((t) => `${t.tier} ${n(t.customers)}`).join(', ')}.`,
  ];
  if (s.unassigned) words.push(`${n(s.unassigned)} customers scored below every tier.`);
  return {
    part: p,
    title: `Grading (${s.scorecard})`,
    words,
    charts: [
      countBarsChart(
        'tier-distribution',
        'Customers per tier',
        s.tiers.map((t) => ({ label: t.tier, customers: t.customers, share: t.share })),
        'tier',
      ),
    ],
    tables: [
      {
        title: 'Tiers and service policies',
        header: ['tier', 'from score', 'customers', 'owner', 'follow-up', 'actions'],
        rows: s.policies.map((t, i) => [
          t.tier,
          t.min === null ? '' : String(t.min),
          n(s.tiers[i].customers),
          t.owner,
          t.followUp,
          t.actions.join('; '),
        ]),
      },
    ],
  };
}

function rfmSection(p: Part): Section {
  const s = p.json<RfmReportSummary>('summary.json');
  const d = s.dropped;
  const top = [...s.segments].sort((a, b) => b.monetaryShare - a.monetaryShare)[0];
  return {
    part: p,
    title: 'RFM: recency, frequency, monetary value',
    words: [
      `${n(s.customers)} customers as of ${s.asOf}, total monetary ${n(s.totalMonetary)}.`,
      `Dropped before scoring: ${n(d.noCustomer)} rows with no customer, ${n(d.cancelled)} cancelled, ${n(d.nonPositive)} with zero or negative amounts.`,
      top ? `"${top.name}" (${n(top.customers)} customers) hold ${pct(top.monetaryShare)} of the value.` : '',
    ].filter(Boolean),
    charts: [
      rfmGridChart(s.grid),
      countBarsChart(
        'rfm-segments',
        'Customers per RFM segment',
        s.segments.map((x) => ({
          label: x.name,
          customers: x.customers,
          share: s.customers ? x.customers / s.customers : 0,
        })),
        'segment',
        true,
      ),
    ],
    tables: [
      {
        title: 'Segments',
        header: ['segment', 'customers', 'share of value'],
        rows: s.segments.map((x) => [x.name, n(x.customers), pct(x.monetaryShare)]),
      },
    ],
  };
}

function paretoSection(p: Part): Section {
  const s = p.json<ParetoReportSummary>('summary.json');
  return {
    part: p,
    title: `Pareto / ABC view of ${s.value}`,
    words: [
      `${n(s.customers)} customers; ${s.headline}.`,
      ...s.classes.map(
        (c) => `Class ${c.class}: ${n(c.customers)} customers with ${pct(c.valueShare)} of ${s.value}.`,
      ),
    ],
    charts: [paretoCurveChart(s.curve, s.cutoffs, s.value)],
    tables: [
      {
        title: 'Top customers',
        header: ['top customers', `share of ${s.value}`],
        rows: s.topShares.map((t) => [pct(t.customerShare, 0), pct(t.valueShare)]),
      },
    ],
  };
}

function compareSection(p: Part): Section {
  const s = p.json<CompareReportSummary>('summary.json');
  return {
    part: p,
    title: 'Predicted against assigned tiers',
    words: [
      `Model and people agree on ${pct(s.agreement)} of ${n(s.customers)} customers (kappa ${s.kappa.toFixed(3)}; weighted kappa ${s.weightedKappa.toFixed(3)} linear, ${s.quadraticKappa.toFixed(3)} quadratic).`,
      `${n(s.disagreements)} customers disagree; the list below starts with those furthest apart.`,
    ],
    charts: [
      crossTableChart(
        'predicted-vs-assigned',
        'Predicted against assigned tier',
        s.labels,
        s.matrix,
        'assigned tier',
        'predicted tier',
      ),
    ],
    tables: [
      {
        title: `Disagreements to review${s.disagreements > s.top.length ? ` (the first ${s.top.length} of ${n(s.disagreements)})` : ''}`,
        header: ['customer', 'assigned', 'predicted', 'apart', 'why the model says so'],
        rows: s.top.map((d) => [d.id, d.assigned, d.predicted, String(Math.abs(d.distance)), d.rule ?? '']),
      },
    ],
  };
}

function migrateSection(p: Part): Section {
  const s = p.json<MigrateReportSummary>('summary.json');
  return {
    part: p,
    title: 'Tier migration',
    words: [
      `${n(s.customers)} customers in both periods: ${n(s.stayed)} kept their tier, ${n(s.up)} moved up, ${n(s.down)} moved down; ${n(s.added)} are new and ${n(s.lost)} are gone.`,
    ],
    charts: [
      crossTableChart(
        'tier-migration',
        'Tier migration (before → after)',
        s.labels,
        s.matrix,
        'before',
        'after',
      ),
    ],
    tables: [],
  };
}
