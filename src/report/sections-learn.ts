import { type Rule, ruleStatement } from '../classify/rules.js';
import type { ClusterPoints } from '../cluster/points.js';
import type { Profiles } from '../cluster/profile.js';
import type { TreeModel } from '../model/model-file.js';
import { unitsFrom } from '../options.js';
import type { ClassifySummary } from '../results/classify.js';
import type { ClusterSummary } from '../results/cluster.js';
import { inputsOf } from '../results/envelope.js';
import { formatExact, formatNumber, formatShare, withUnit } from '../util/format.js';
import { classMetricsChart, importanceChart } from './charts/bars.js';
import { clusterScatterChart } from './charts/cluster-scatter.js';
import { featureBoxplotsChart } from './charts/feature-boxplots.js';
import { crossTableChart } from './charts/heatmap.js';
import { kScanChart } from './charts/k-scan.js';
import { profileHeatmapChart } from './charts/profile-heatmap.js';
import { segmentSizesChart } from './charts/segment-sizes.js';
import type { Chart } from './charts/spec.js';
import { treeChart } from './charts/tree.js';
import type { Part } from './parts.js';
import type { Body, ReportTable } from './sections.js';
import { treeNodes, treeOutline } from './tree-nodes.js';

/** The report sections of the two learners: segments (clustering) and the decision tree. */

const pct = formatShare;
const n = formatExact;
const g = (x: number) => formatNumber(x);

export function clusterSection(p: Part): Body {
  const s = p.json<ClusterSummary>('summary.json');
  const profiles = p.json<Profiles>('profiles.json');
  const points = p.has('points.json') ? p.json<ClusterPoints>('points.json') : null;
  const units = unitsFrom(p.run.parameters);
  const head = (column: string) => withUnit(column, units.get(column), true);
  const overall = new Map(profiles.overall.map((o) => [o.column, o.mean]));
  const words = [
    `${n(inputsOf(p.run)[0].rows)} customers fall into ${s.k} segments (silhouette ${s.silhouette.toFixed(3)}, inertia ${g(s.inertia)}).`,
  ];
  if (s.recommendation) words.push(`Choosing k: ${s.recommendation}.`);
  for (const c of profiles.clusters) {
    // What sets a segment apart is said in its features; other columns stay in the profile tables.
    // Each trait with its mean against all customers', in the column's unit.
    const traits = c.traits
      .filter((t) => Math.abs(t.score) >= 0.5 && s.features.includes(t.column))
      .slice(0, 3)
      .map((t) => {
        if (t.kind === 'level') return t.text;
        const mean = c.numeric.find((x) => x.column === t.column)?.mean;
        const all = overall.get(t.column);
        if (mean === undefined || all === undefined) return t.text.toLowerCase();
        const unit = units.get(t.column);
        return `${t.text.toLowerCase()} (${withUnit(g(mean), unit)} against ${withUnit(g(all), unit)} for all)`;
      });
    const value = profiles.value;
    words.push(
      `"${c.segment}": ${n(c.customers)} customers (${pct(c.share)})${c.valueShare !== undefined && value ? `, ${pct(c.valueShare)} of ${value}${c.valueTotal !== undefined ? ` (${withUnit(g(c.valueTotal), units.get(value))})` : ''}` : ''}${traits.length ? `; ${traits.join(', ')}` : ''}.`,
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
          .map((x) => ({ segment: c.segment, feature: head(x.column), stdDiff: x.stdDiff, mean: x.mean })),
      ),
    ),
  );
  charts.push(
    segmentSizesChart(
      profiles.clusters.map((c) => ({
        segment: c.segment,
        customers: c.customers,
        share: c.share,
        valueShare: c.valueShare,
      })),
      profiles.value,
    ),
  );
  if (points?.keys.length) charts.push(featureBoxplotsChart(points.points, points.keys, points.total, units));
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
        c.segment,
        n(c.customers),
        pct(c.share),
        ...(profiles.value ? [pct(c.valueShare ?? 0)] : []),
        c.traits
          .filter((t) => s.features.includes(t.column))
          .slice(0, 4)
          .map((t) => t.text)
          .join('; '),
      ]),
    },
    {
      title: 'Segment means (original units)',
      header: ['segment', ...features.map(head)],
      rows: profiles.clusters.map((c) => [
        c.segment,
        ...features.map((f) => g(c.numeric.find((x) => x.column === f)?.mean ?? Number.NaN)),
      ]),
    },
  ];
  return { part: p, title: 'Segments (k-means clustering)', words, charts, tables };
}

export function classifySection(p: Part): Body {
  const s = p.json<ClassifySummary>('summary.json');
  const rules = p.json<Rule[]>('rules.json');
  const model = p.json<TreeModel>('model.json');
  const label = model.state.label;
  const words = [
    `A decision tree learned "${label}" from ${n(inputsOf(p.run)[0].rows - s.rowsWithoutLabel)} customers: ${s.cv.folds}-fold cross-validated accuracy ${pct(s.cv.accuracy)} (± ${pct(s.cv.accuracyStd)}), balanced accuracy ${pct(s.cv.balancedAccuracy)}, macro F1 ${s.cv.macroF1.toFixed(3)}, kappa ${s.cv.kappa.toFixed(3)}.`,
    `The final tree has depth ${s.tree.depth} and ${s.tree.leaves} leaves, one rule each; the largest: ${rules[0]?.text ?? '—'}`,
  ];
  if (s.rowsWithoutLabel) words.push(`${n(s.rowsWithoutLabel)} rows without a label were left out.`);
  if (s.cv.note) words.push(`Note: ${s.cv.note}.`);
  const nodes = treeNodes(model);
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
    ...(s.importance.length ? [importanceChart(s.importance)] : []),
    treeChart(nodes),
  ];
  const tables: ReportTable[] = [
    {
      title: 'Per class (cross-validated)',
      header: ['class', 'precision', 'recall', 'F1', 'support'],
      rows: s.cv.perClass.map((m) => [
        m.class,
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
      interactive: true,
    },
  ];
  return {
    part: p,
    title: `Tiers from known labels (decision tree on "${label}")`,
    words,
    charts,
    outline: treeOutline(nodes),
    tables,
  };
}
