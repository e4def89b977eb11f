import type { FollowUpList } from '../grade/follow-up.js';
import type { Disagreement } from '../grade/tier-agreement.js';
import { unitsFrom } from '../options.js';
import type { CompareSummary, MigrateSummary } from '../results/compare.js';
import { inputsOf } from '../results/envelope.js';
import type { GradeSummary } from '../results/grade.js';
import type { ParetoCurve, ParetoSummary } from '../results/pareto.js';
import type { RfmSummary } from '../results/rfm.js';
import { formatExact, formatNumber, formatShare, withUnit } from '../util/format.js';
import { countBarsChart } from './charts/bars.js';
import { crossChart, crossTableChart } from './charts/heatmap.js';
import { paretoCurveChart } from './charts/pareto-curve.js';
import { rfmGridChart } from './charts/rfm-grid.js';
import type { Chart } from './charts/spec.js';
import type { Part } from './parts.js';
import type { Body, ReportTable } from './section-types.js';

/** The report sections of grading: scorecard tiers, RFM, Pareto, and predicted against assigned tiers. */

const pct = formatShare;
const n = formatExact;
const g = (x: number) => formatNumber(x);

export function gradeSection(p: Part): Body {
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
  if (follow) tables.push(followUpTable(follow, value, valueHead));
  if (s.tierBySegment) {
    const cross = tierBySegmentParts(s.tierBySegment, value);
    charts.push(cross.chart);
    tables.push(cross.table);
  }
  return { part: p, title: `Grading (${s.scorecard})`, words, charts, tables };
}

function followUpTable(follow: FollowUpList, value: string | null, valueHead: string): ReportTable {
  const listed = follow.tiers.reduce((a, t) => a + t.rows.length, 0);
  const all = follow.tiers.reduce((a, t) => a + t.customers, 0);
  return {
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
  };
}

/** The tier × segment cross-table, as a chart and a table. */
function tierBySegmentParts(
  x: NonNullable<GradeSummary['tierBySegment']>,
  value: string | null,
): { chart: Chart; table: ReportTable } {
  const shadeTitle = x.valueShare ? `share of ${value ?? 'value'}` : 'share of customers';
  const total = x.customers.flat().reduce((a, b) => a + b, 0);
  const shade = x.valueShare ?? x.customers.map((r) => r.map((c) => (total ? c / total : 0)));
  const chart = crossChart({
    name: 'tier-by-segment',
    title: 'Tiers by segment',
    rows: x.tiers,
    cols: x.segments,
    matrix: x.customers,
    rowTitle: 'tier',
    colTitle: 'segment',
    shade,
    shadeTitle,
  });
  const table = {
    title: `Tiers by segment: customers (${shadeTitle})`,
    header: ['tier', ...x.segments, 'all segments'],
    rows: x.tiers.map((t, i) => [
      t,
      ...x.customers[i].map((c, j) => `${n(c)} (${pct(shade[i][j])})`),
      `${n(x.customers[i].reduce((a, b) => a + b, 0))} (${pct(shade[i].reduce((a, b) => a + b, 0))})`,
    ]),
  };
  return { chart, table };
}

export function rfmSection(p: Part): Body {
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

export function paretoSection(p: Part): Body {
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

export function compareSection(p: Part): Body {
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

export function migrateSection(p: Part): Body {
  const s = p.json<MigrateSummary>('summary.json');
  return {
    part: p,
    title: 'Tier migration',
    words: [
      `${n(s.customers)} customers in both periods: ${n(s.stayed)} kept their tier, ${n(s.up)} moved up, ${n(s.down)} moved down${s.unranked ? `, ${n(s.unranked)} have no tier in one period` : ''}; ${n(s.new)} are new and ${n(s.gone)} are gone.`,
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
