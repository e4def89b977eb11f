import { type Rule, ruleStatement } from '../classify/rules.js';
import type { ClusterPoints } from '../cluster/points.js';
import type { Profiles } from '../cluster/profile.js';
import type { Disagreement } from '../grade/compare.js';
import type { FollowUpList } from '../grade/follow-up.js';
import type { TreeModel } from '../model/model-file.js';
import { unitsFrom } from '../options.js';
import type { ClassifySummary } from '../results/classify.js';
import type { ClusterSummary } from '../results/cluster.js';
import type { CompareSummary, MigrateSummary } from '../results/compare.js';
import { type Envelope, inputsOf, type Warning } from '../results/envelope.js';
import type { GradeSummary } from '../results/grade.js';
import type { ParetoCurve, ParetoSummary } from '../results/pareto.js';
import type { RfmSummary } from '../results/rfm.js';
import { formatExact, formatNumber, formatShare, withUnit } from '../util/format.js';
import { classMetricsChart, countBarsChart, importanceChart } from './charts/bars.js';
import { clusterScatterChart } from './charts/cluster-scatter.js';
import { featureBoxplotsChart } from './charts/feature-boxplots.js';
import { crossChart, crossTableChart } from './charts/heatmap.js';
import { kScanChart } from './charts/k-scan.js';
import { paretoCurveChart } from './charts/pareto-curve.js';
import { profileHeatmapChart } from './charts/profile-heatmap.js';
import { rfmGridChart } from './charts/rfm.js';
import { segmentSizesChart } from './charts/segment-sizes.js';
import type { Chart } from './charts/spec.js';
import { treeChart } from './charts/tree.js';
import type { Part } from './parts.js';
import { type TreeOutline, treeNodes, treeOutline } from './tree-nodes.js';

export interface ReportTable {
  title: string;
  header: string[];
  rows: string[][];
  /** Long tables get a search box and sortable columns in the HTML report. */
  interactive?: boolean;
}

export interface Section {
  part: Part;
  title: string;
  /** What the user should know first (the summary's warnings). */
  warnings: Warning[];
  /** Sentences, plain text. */
  words: string[];
  charts: Chart[];
  /** A decision tree as an outline that opens node by node (HTML only; the chart is its picture). */
  outline?: TreeOutline;
  tables: ReportTable[];
}

const pct = formatShare;
const n = formatExact;
const g = (x: number) => formatNumber(x);

/** The report section of one results part, built from its documents (in memory or read back). */
export function section(p: Part): Section {
  const body = sectionBody(p);
  return { ...body, warnings: p.json<Envelope>('summary.json').warnings };
}

type Body = Omit<Section, 'warnings'>;

function sectionBody(p: Part): Body {
  switch (p.run.command) {
    case 'describe':
      return { part: p, title: 'Columns', words: [], charts: [], tables: [] };
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

function clusterSection(p: Part): Body {
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

function classifySection(p: Part): Body {
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

function gradeSection(p: Part): Body {
  const s = p.json<GradeSummary>('summary.json');
  const units = unitsFrom(p.run.parameters);
  const follow = p.has('follow-up.json') ? p.json<FollowUpList>('follow-up.json') : null;
  const value = follow?.value ?? null;
  const valueHead = value ? withUnit(value, units.get(value), true) : '';
  const words = [
    `${n(inputsOf(p.run)[0].rows)} customers graded with "${s.scorecard}": ${s.tiers.map((t) => `${t.tier} ${n(t.customers)}`).join(', ')}.`,
  ];
  if (s.unassigned) words.push(`${n(s.unassigned)} customers scored below every tier.`);
  if (follow)
    words.push(
      `Follow-ups count from ${follow.asOf}: ${s.tiers
        .filter((t) => t.due && t.customers)
        .map((t) => `${t.owner} sees the ${n(t.customers)} tier ${t.tier} customers by ${t.due}`)
        .join('; ')}.`,
    );
  const charts = [
    countBarsChart(
      'tier-distribution',
      'Customers per tier',
      s.tiers.map((t) => ({ label: t.tier, customers: t.customers, share: t.share })),
      'tier',
    ),
  ];
  const withValue = s.tiers.some((t) => t.valueShare !== undefined);
  const tables: ReportTable[] = [
    {
      title: 'Tiers and service policies',
      header: [
        'tier',
        'from score',
        'customers',
        ...(withValue ? [`share of ${value ?? 'value'}`] : []),
        'owner',
        'follow-up',
        ...(follow ? ['next due'] : []),
        'actions',
      ],
      rows: s.tiers.map((t) => [
        t.tier,
        t.min === null ? '' : String(t.min),
        n(t.customers),
        ...(withValue ? [pct(t.valueShare ?? 0)] : []),
        t.owner,
        t.followUp,
        ...(follow ? [t.due ?? '—'] : []),
        t.actions.join('; '),
      ]),
    },
  ];
  if (follow) {
    const listed = follow.tiers.reduce((a, t) => a + t.rows.length, 0);
    const all = follow.tiers.reduce((a, t) => a + t.customers, 0);
    tables.push({
      title: `Follow-up list: ${listed < all ? `the ${n(follow.perTier)} ${value ? 'most valuable' : 'highest-scored'} customers of each tier (follow-up.csv has all ${n(all)})` : `${n(all)} customers`}`,
      header: ['tier', 'customer', 'owner', 'due', ...(value ? [valueHead] : []), 'score'],
      rows: follow.tiers.flatMap((t) =>
        t.rows.map((r) => [
          t.tier,
          r.id,
          t.owner,
          t.due ?? t.followUp,
          ...(value ? [r.value === null ? '—' : g(r.value)] : []),
          g(r.score),
        ]),
      ),
      interactive: true,
    });
  }
  const x = s.tierBySegment;
  if (x) {
    const shadeTitle = x.valueShare ? `share of ${value ?? 'value'}` : 'share of customers';
    const total = x.customers.flat().reduce((a, b) => a + b, 0);
    const shade = x.valueShare ?? x.customers.map((r) => r.map((c) => (total ? c / total : 0)));
    charts.push(
      crossChart({
        name: 'tier-by-segment',
        title: 'Tiers by segment',
        rows: x.tiers,
        cols: x.segments,
        matrix: x.customers,
        rowTitle: 'tier',
        colTitle: 'segment',
        shade,
        shadeTitle,
      }),
    );
    tables.push({
      title: `Tiers by segment: customers (${shadeTitle})`,
      header: ['tier', ...x.segments, 'all segments'],
      rows: x.tiers.map((t, i) => [
        t,
        ...x.customers[i].map((c, j) => `${n(c)} (${pct(shade[i][j])})`),
        `${n(x.customers[i].reduce((a, b) => a + b, 0))} (${pct(shade[i].reduce((a, b) => a + b, 0))})`,
      ]),
    });
  }
  return { part: p, title: `Grading (${s.scorecard})`, words, charts, tables };
}

function rfmSection(p: Part): Body {
  const s = p.json<RfmSummary>('summary.json');
  const d = s.dropped;
  const top = [...s.segments].sort((a, b) => b.monetaryShare - a.monetaryShare)[0];
  return {
    part: p,
    title: 'RFM: recency, frequency, monetary value',
    words: [
      `${n(s.customers)} customers as of ${s.asOf}, total monetary ${withUnit(n(s.totalMonetary), unitsFrom(p.run.parameters).get(String(s.parameters.amount ?? s.parameters.price ?? '')))}.`,
      `Dropped before scoring: ${n(d.noCustomer)} rows with no customer, ${n(d.cancelled)} cancelled, ${n(d.nonPositive)} with zero or negative amounts.`,
      top
        ? `"${top.segment}" (${n(top.customers)} customers) hold ${pct(top.monetaryShare)} of the value.`
        : '',
    ].filter(Boolean),
    charts: [
      rfmGridChart(s.grid),
      countBarsChart(
        'rfm-segments',
        'Customers per RFM segment',
        s.segments.map((x) => ({ label: x.segment, customers: x.customers, share: x.share })),
        'segment',
        true,
      ),
    ],
    tables: [
      {
        title: 'Segments',
        header: ['segment', 'customers', 'share of value'],
        rows: s.segments.map((x) => [x.segment, n(x.customers), pct(x.monetaryShare)]),
      },
    ],
  };
}

function paretoSection(p: Part): Body {
  const s = p.json<ParetoSummary>('summary.json');
  const { curve } = p.json<ParetoCurve>('curve.json');
  return {
    part: p,
    title: `Pareto / ABC view of ${s.value}`,
    words: [
      `${n(inputsOf(p.run)[0].rows)} customers with ${withUnit(n(s.total), unitsFrom(p.run.parameters).get(s.value))} of ${s.value} in all; ${s.headline}.`,
      ...s.classes.map(
        (c) => `Class ${c.class}: ${n(c.customers)} customers with ${pct(c.valueShare)} of ${s.value}.`,
      ),
    ],
    charts: [paretoCurveChart(curve, s.cutoffs, s.value)],
    tables: [
      {
        title: 'Top customers',
        header: ['top customers', `share of ${s.value}`],
        rows: s.topShares.map((t) => [pct(t.customerShare, 0), pct(t.valueShare)]),
      },
    ],
  };
}

function compareSection(p: Part): Body {
  const s = p.json<CompareSummary>('summary.json');
  // Older folders have only the first 50 in the summary.
  const all = p.has('disagreements.json') ? p.json<Disagreement[]>('disagreements.json') : s.top;
  const ranked = all.some((d) => d.stake !== undefined);
  return {
    part: p,
    title: 'Predicted against assigned tiers',
    words: [
      `Model and people agree on ${pct(s.agreement)} of ${n(s.customers)} customers (kappa ${s.kappa.toFixed(3)}; weighted kappa ${s.weightedKappa.toFixed(3)} linear, ${s.quadraticKappa.toFixed(3)} quadratic).`,
      ranked
        ? `${n(s.disagreements)} customers disagree; the list starts with what is most at stake (${s.parameters.value ? `${String(s.parameters.value)} × ` : ''}the model's confidence).`
        : `${n(s.disagreements)} customers disagree; the list starts with those furthest apart.`,
    ],
    charts: [
      crossTableChart(
        'predicted-vs-assigned',
        'Predicted against assigned tier',
        s.confusion.labels,
        s.confusion.matrix,
        'assigned tier',
        'predicted tier',
      ),
    ],
    tables: [
      {
        title: `Disagreements to review (${n(all.length)}${all.length < s.disagreements ? ` of ${n(s.disagreements)}` : ''})`,
        header: [
          'customer',
          'assigned',
          'predicted',
          'tiers apart',
          ...(all[0]?.probability !== undefined ? ['model probability'] : []),
          ...(all[0]?.value !== undefined
            ? [
                withUnit(
                  String(s.parameters.value ?? 'value'),
                  unitsFrom(p.run.parameters).get(String(s.parameters.value)),
                  true,
                ),
              ]
            : []),
          'why the model says so',
        ],
        rows: all.map((d) => [
          d.id,
          d.assigned,
          d.predicted,
          String(Math.abs(d.tierGap)),
          ...(d.probability !== undefined ? [pct(d.probability, 0)] : []),
          ...(d.value !== undefined ? [g(d.value)] : []),
          d.rule ?? '',
        ]),
        interactive: true,
      },
    ],
  };
}

function migrateSection(p: Part): Body {
  const s = p.json<MigrateSummary>('summary.json');
  return {
    part: p,
    title: 'Tier migration',
    words: [
      `${n(s.customers)} customers in both periods: ${n(s.stayed)} kept their tier, ${n(s.up)} moved up, ${n(s.down)} moved down; ${n(s.new)} are new and ${n(s.gone)} are gone.`,
    ],
    charts: [
      crossTableChart(
        'tier-migration',
        'Tier migration (before → after)',
        s.confusion.labels,
        s.confusion.matrix,
        'before',
        'after',
      ),
    ],
    tables: [],
  };
}
