import { type Rule, ruleStatement } from '../classify/rules.js';
import { methodOf } from '../cluster/methods.js';
import type { ClusterPoints } from '../cluster/points.js';
import type { Profiles } from '../cluster/profile.js';
import type { ClusterRule } from '../cluster/segment-rules.js';
import type { TreeModel } from '../model/model-file.js';
import { unitsFrom } from '../options.js';
import type { ClassifySummary } from '../results/classify.js';
import type { ClusterSummary } from '../results/cluster.js';
import { inputsOf } from '../results/envelope.js';
import { classifyDatabaseText, clusterDatabaseText, leftOutText } from '../results/sentences.js';
import { formatExact, formatNumber, formatShare, withUnit } from '../util/format.js';
import { classMetricsChart, importanceChart } from './charts/bars.js';
import { clusterScatterChart } from './charts/cluster-scatter.js';
import { featureBoxplotsChart } from './charts/feature-boxplots.js';
import { crossTableChart } from './charts/heatmap.js';
import { kScanChart } from './charts/k-scan.js';
import { profileHeatmapChart } from './charts/profile-heatmap.js';
import { segmentSizesChart } from './charts/segment-sizes.js';
import type { Chart } from './charts/spec.js';
import { stabilityChart } from './charts/stability-chart.js';
import { treeChart } from './charts/tree-chart.js';
import type { Part } from './parts.js';
import type { Body, ReportTable } from './section-types.js';
import { treeNodes, treeOutline } from './tree-nodes.js';

/** The report sections of the two learners: segments (clustering) and the decision tree. */

const pct = formatShare;
const n = formatExact;
const g = (x: number) => formatNumber(x);

/** What a cluster section is made of, read once from the part's documents. */
interface ClusterParts {
  s: ClusterSummary;
  profiles: Profiles;
  points: ClusterPoints | null;
  units: Map<string, string>;
  head: (column: string) => string;
  stable: ClusterSummary['clusters'];
}

export function clusterSection(p: Part): Body {
  const s = p.json<ClusterSummary>('summary.json');
  const profiles = p.json<Profiles>('profiles.json');
  const points = p.has('points.json') ? p.json<ClusterPoints>('points.json') : null;
  const units = unitsFrom(p.run.parameters);
  const head = (column: string) => withUnit(column, units.get(column), true);
  const stable = s.clusters.filter((c) => c.stability !== undefined);
  const c: ClusterParts = { s, profiles, points, units, head, stable };
  const method = methodOf(s.method ?? 'kmeans');
  return {
    part: p,
    title: `Segments (${method.title})`,
    words: clusterWords(p, c),
    charts: clusterCharts(p, c),
    tables: clusterTables(p, c),
  };
}

function clusterWords(p: Part, { s, profiles, units, stable }: ClusterParts): string[] {
  const overall = new Map(profiles.overall.map((o) => [o.column, o.mean]));
  const method = methodOf(s.method ?? 'kmeans');
  const fit = method.fitPhrase(s, g);
  const words = [
    `${n(inputsOf(p.run)[0].rows)} customers fall into ${s.k} segments (silhouette ${s.silhouette.toFixed(3)}, ${fit}).`,
  ];
  if (method.about) words.push(method.about);
  if (s.database) words.push(clusterDatabaseText(s.database));
  const notFeatures = leftOutText(s.leftOut);
  if (notFeatures) words.push(notFeatures);
  if (profiles.clusters.some((c) => c.nameFrom))
    words.push(
      'Segment names are made from each segment\'s strongest traits, with plain words matched in the column names (the "name from" column of the Segments table says which); a column named unlike what it measures can give a misleading word, so rename segments with a names file where one does.',
    );
  if (s.recommendation) words.push(`Choosing k: ${s.recommendation}.`);
  if (stable.length)
    words.push(
      `Stability over ${n(Number(p.run.parameters.stability))} bootstrap resamples (mean Jaccard similarity to the best-matching resampled segment; Hennig: under 0.6 dissolved, 0.6–0.75 weak pattern, 0.75–0.85 stable, above 0.85 highly stable): ${stable.map((c) => `"${c.segment}" ${(c.stability ?? 0).toFixed(2)} (${c.stabilityReading})`).join(', ')}.`,
    );
  if (s.segmentRules) {
    const r = s.segmentRules;
    // The rules' customer counts are the sample's: said, so they are not read against the segment sizes.
    const sampled =
      r.rows < inputsOf(p.run)[0].rows
        ? ` They were learned on a seeded sample of ${n(r.rows)} customers, whose counts that table shows.`
        : '';
    words.push(
      `Rules of depth ≤ ${r.depth} on the features put ${pct(r.fidelity)} of customers into their own segment (cross-validated); they are listed under "Rules that assign a segment", and predicting by rules applies them.${sampled}`,
    );
  }
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
  return words;
}

function clusterCharts(p: Part, { s, profiles, points, units, head, stable }: ClusterParts): Chart[] {
  const method = methodOf(s.method ?? 'kmeans');
  const charts: Chart[] = [];
  if (s.kScan.length)
    charts.push(
      kScanChart(
        s.kScan.map((r) => ({ ...r, inertia: r.objective ?? r.inertia })),
        s.k,
        method.kScanAxis,
      ),
    );
  if (stable.length)
    charts.push(
      stabilityChart(
        stable.map((c) => ({
          segment: c.segment,
          stability: c.stability ?? 0,
          reading: c.stabilityReading ?? '',
        })),
        Number(p.run.parameters.stability),
      ),
    );
  if (points) charts.push(clusterScatterChart(points));
  const features = s.features.filter((f) => profiles.overall.some((o) => o.column === f));
  if (features.length)
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
  return charts;
}

function clusterTables(p: Part, { s, profiles, head, stable }: ClusterParts): ReportTable[] {
  const features = s.features.filter((f) => profiles.overall.some((o) => o.column === f));
  return [
    {
      title: 'Segments',
      header: [
        'segment',
        'customers',
        'share',
        ...(profiles.value ? [`share of ${profiles.value}`] : []),
        ...(stable.length ? ['stability'] : []),
        'strongest traits',
        'name from',
      ],
      rows: profiles.clusters.map((c) => [
        c.segment,
        n(c.customers),
        pct(c.share),
        ...(profiles.value ? [pct(c.valueShare ?? 0)] : []),
        ...(stable.length ? [stabilityText(s, c.cluster)] : []),
        c.traits
          .filter((t) => s.features.includes(t.column))
          .slice(0, 4)
          .map((t) => t.text)
          .join('; '),
        c.nameFrom ? c.nameFrom.join('; ') : 'given (names file)',
      ]),
    },
    ...(p.has('rules.json') ? [segmentRulesTable(p.json<ClusterRule[]>('rules.json'), profiles)] : []),
    ...(profiles.clusters.some((c) => c.medoid) ? [medoidTable(profiles, head)] : []),
    ...(features.length
      ? [
          {
            title: 'Segment means (original units)',
            header: ['segment', ...features.map(head)],
            rows: profiles.clusters.map((c) => [
              c.segment,
              ...features.map((f) => g(c.numeric.find((x) => x.column === f)?.mean ?? Number.NaN)),
            ]),
          },
        ]
      : []),
    ...categoryMixTable(s, profiles, head),
  ];
}

/** Levels of a category shown per segment: the most common in it (what sets it apart is the lift). */
const MIX_LEVELS = 5;

/**
 * What each segment holds of each categorical feature: its most common levels, their share in the
 * segment against all customers, and the lift (the only profile a category-only clustering has).
 */
function categoryMixTable(s: ClusterSummary, profiles: Profiles, head: (c: string) => string): ReportTable[] {
  const rows: string[][] = [];
  for (const c of profiles.clusters)
    for (const mix of c.categorical.filter((m) => s.features.includes(m.column)))
      for (const l of mix.levels
        .filter((x) => x.count > 0)
        .sort((a, b) => b.share - a.share)
        .slice(0, MIX_LEVELS))
        rows.push([
          c.segment,
          head(mix.column),
          l.level,
          pct(l.share),
          pct(l.overallShare),
          `${l.lift.toFixed(2)}×`,
        ]);
  if (!rows.length) return [];
  return [
    {
      title: `Category mix: each segment's ${MIX_LEVELS} most common levels of each categorical feature`,
      header: ['segment', 'feature', 'level', 'share in segment', 'share of all', 'lift'],
      rows,
    },
  ];
}

function stabilityText(s: ClusterSummary, cluster: number): string {
  const c = s.clusters.find((x) => x.cluster === cluster);
  return c?.stability === undefined ? '—' : `${c.stability.toFixed(2)} ${c.stabilityReading}`;
}

/** Each segment's rules beside it, in the segments' order, with how many customers each rule holds. */
function segmentRulesTable(rules: readonly ClusterRule[], profiles: Profiles): ReportTable {
  const rows: string[][] = [];
  for (const c of profiles.clusters)
    for (const r of rules.filter((x) => x.cluster === c.cluster))
      rows.push([c.segment, ruleStatement(r), n(r.customers), pct(r.correct, 0)]);
  return {
    title: 'Rules that assign a segment',
    header: ['segment', 'rule', 'customers', 'in that segment'],
    rows,
    interactive: true,
  };
}

/** The real customer at the centre of each k-medoids segment, with the values that make it typical. */
function medoidTable(profiles: Profiles, head: (column: string) => string): ReportTable {
  const columns = profiles.clusters.find((c) => c.medoid)?.medoid?.values.map((v) => v.column) ?? [];
  return {
    title: 'The customer at the centre of each segment (medoid)',
    header: ['segment', 'customer', ...columns.map(head)],
    rows: profiles.clusters.map((c) => [
      c.segment,
      c.medoid?.id ?? `row ${c.medoid?.row ?? '—'}`,
      ...columns.map((col) => {
        const v = c.medoid?.values.find((x) => x.column === col)?.value;
        return v === undefined || v === '' ? '(missing: not compared)' : v;
      }),
    ]),
  };
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
  if (s.database) words.push(classifyDatabaseText(s.database));
  const notFeatures = leftOutText(s.leftOut.filter((x) => x.column !== s.label));
  if (notFeatures) words.push(notFeatures);
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
