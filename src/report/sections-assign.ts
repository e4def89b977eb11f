import type { AssignSummary, HeadcountCurve } from '../results/assign.js';
import { formatExact, formatNumber, formatShare } from '../util/format.js';
import { headcountChart } from './charts/headcount.js';
import type { Part } from './parts.js';
import type { Body, ReportTable } from './section-types.js';

const n = formatExact;
const g = (x: number) => formatNumber(x);

function assignWords(s: AssignSummary): string[] {
  const value = String(s.parameters.value);
  const managed = s.tiers.filter((t) => t.capacity !== null);
  const words = [
    `${n(s.customers)} customers placed in ${s.tiers.length} tiers and with ${n(s.managers.length)} managers, each within their span, to serve the most weighted ${value}: ${g(s.objective)} (the LP bound is ${g(s.bound)}, ${s.gap === 0 ? 'so the plan is optimal' : `a gap of ${g(s.gap)}`}).`,
    ...managed.map(
      (t) =>
        `Tier ${t.tier}: ${n(t.customers)} of ${n(t.capacity ?? 0)} slots used (${formatShare(t.capacity ? t.customers / t.capacity : 0)}), holding ${g(t.value)} of ${value}.`,
    ),
  ];
  for (const p of s.shadowPrices.tiers)
    words.push(
      p.shadowPrice > 0
        ? `One more slot in tier ${p.tier} would be worth ${g(p.shadowPrice)} (weight × ${value}): that tier is full of customers worth more there than anywhere else.`
        : `One more slot in tier ${p.tier} would be worth nothing: it has room, or no one left would gain from it.`,
    );
  for (const h of s.hire)
    words.push(`One more tier ${h.tier} manager (like ${h.like}) would add ${g(h.worth)} to the plan.`);
  if (s.moved !== null)
    words.push(`${n(s.moved)} customers move away from their current manager (moves.csv says why).`);
  if (s.bumped)
    words.push(`${n(s.bumped)} customers are worth a higher tier that has no room for them (bumped.csv).`);
  return words;
}

function managerTable(s: AssignSummary): ReportTable {
  const price = new Map(s.shadowPrices.managers.map((m) => [m.manager, m.shadowPrice]));
  return {
    title: 'Managers: their books and what one more slot is worth',
    header: ['manager', 'tier', 'customers / span', 'value', 'one more slot'],
    rows: s.managers.map((m) => [
      m.manager,
      m.tier,
      `${n(m.customers)} / ${n(m.span)}`,
      g(m.value),
      g(price.get(m.manager) ?? 0),
    ]),
    interactive: s.managers.length > 20,
  };
}

/** The capacity plan: tiers, books, shadow prices and the headcount curve. */
export function assignSection(p: Part): Body {
  const s = p.json<AssignSummary>('summary.json');
  const curve = p.json<HeadcountCurve>('headcount.json');
  return {
    part: p,
    title: 'Tiers that fit the people who serve them',
    words: assignWords(s),
    charts: curve.points.length ? [headcountChart(curve.points, String(s.parameters.value))] : [],
    tables: [
      {
        title: 'Tiers',
        header: ['tier', 'weight', 'capacity', 'customers', 'value'],
        rows: s.tiers.map((t) => [
          t.tier,
          g(t.weight),
          t.capacity === null ? 'pooled (no limit)' : n(t.capacity),
          n(t.customers),
          g(t.value),
        ]),
      },
      managerTable(s),
    ],
  };
}
