import { UsageError } from '../errors.js';

// A segment's readable name, made from its strongest traits with plain words matched in column
// names, or given by the user.

export interface Trait {
  column: string;
  /** `high`/`low` for numbers, `level` for a category over-represented in the cluster. */
  kind: 'high' | 'low' | 'level';
  level?: string;
  /** Standardised difference (numbers) or of the level's indicator (categories). */
  score: number;
  text: string;
  /** Numbers: the share of the segment's customers with a value, when some miss it (a name needs half). */
  present?: number;
}

/** What naming reads and writes of a segment's profile. */
interface Named {
  cluster: number;
  segment: string;
  traits: Trait[];
  nameFrom?: string[];
}

export function renameClusters(clusters: Named[], names: ReadonlyMap<string, string>, source: string) {
  for (const c of clusters) {
    const given = names.get(String(c.cluster)) ?? names.get(c.segment);
    if (given !== undefined) {
      c.segment = given.trim();
      delete c.nameFrom;
    }
  }
  const seen = new Set<string>();
  for (const c of clusters) {
    if (seen.has(c.segment))
      throw new UsageError(
        `${source}: two segments would both be named "${c.segment}"; give each its own name`,
      );
    seen.add(c.segment);
  }
}

/** Entries of a names map that name no segment (a cluster number out of range, a name not generated). */
export function unmatchedNames(clusters: readonly Named[], names: ReadonlyMap<string, string>): string[] {
  const generated = new Set(clusters.map((c) => String(c.cluster)));
  const given = new Set(clusters.map((c) => c.segment));
  return [...names].filter(([k, v]) => !generated.has(k) && !given.has(v)).map(([k]) => k);
}

/**
 * Plain words for what a column measures, high and low; the first pattern that matches a column's
 * name wins (so "days_since_last_order" is recency, not a count of orders).
 */
const WORDS: readonly [RegExp, string, string][] = [
  [
    /days?.?since|recency|last.?(order|purchase|visit|seen|contact)|inactive|dormant/i,
    'lapsing',
    'recently active',
  ],
  [/delay|late|overdue|arrears|dpd|days.?past.?due/i, 'late-paying', 'prompt-paying'],
  [/cash.?advance/i, 'cash-advance-heavy', 'cash-advance-light'],
  [/full.?pay|prc.?full/i, 'full-paying', 'revolving'],
  [/instal?l?ment/i, 'instalment-heavy', 'instalment-light'],
  [/growth|trend|change|delta|increase/i, 'fast-growing', 'shrinking'],
  [/margin|profit/i, 'high-margin', 'thin-margin'],
  [/credit.?score|rating|creditworth/i, 'creditworthy', 'low-credit'],
  [/limit/i, 'high-limit', 'low-limit'],
  [/balance/i, 'high-balance', 'low-balance'],
  [/income|salary|wage|earning/i, 'high-income', 'low-income'],
  [/tenure|months.?on.?book|customer.?since|years.?(as|with)|seniority|loyalty/i, 'long-standing', 'new'],
  [/asset|capital|employees|headcount|size|revenue|turnover/i, 'large', 'small'],
  [/count|orders?|frequency|transactions?|visits?|trans.?ct|purchases.?n|num|trx/i, 'frequent', 'occasional'],
  [
    /sales|spend|amount|monetary|value|purchases?|trans.?amt|payments?|charges?|bill/i,
    'high-spending',
    'low-spending',
  ],
  [/\bage\b|^age|_age$|senior|elderly/i, 'older', 'younger'],
];

/** A trait's plain word and which concept of WORDS it comes from. */
function wordFor(t: Trait): { concept: number; word: string } | undefined {
  if (t.kind === 'level') return undefined;
  const concept = WORDS.findIndex(([re]) => re.test(t.column));
  if (concept < 0) return undefined;
  return { concept, word: t.kind === 'high' ? WORDS[concept][1] : WORDS[concept][2] };
}

/**
 * "Large, high-spending customers" from the strongest traits that have plain words, one word per
 * concept (never "large, small"), or undefined.
 */
function phraseOf(traits: readonly Trait[], words: number): { text: string; from: string[] } | undefined {
  const picked: string[] = [];
  const from: string[] = [];
  const concepts = new Set<number>();
  for (const t of traits) {
    const w = wordFor(t);
    if (!w || concepts.has(w.concept)) continue;
    concepts.add(w.concept);
    picked.push(w.word);
    from.push(`${w.word}: ${t.kind} ${t.column} (${t.score >= 0 ? '+' : ''}${t.score.toFixed(1)} sd)`);
    if (picked.length === words) break;
  }
  if (!picked.length || (words > 2 && picked.length < words)) return undefined;
  const text = `${picked.join(', ')} customers`;
  return { text: text[0].toUpperCase() + text.slice(1), from };
}

/** A trait as part of a name: long column names are cut, so a name stays a name. */
const short = (text: string) => (text.length > 40 ? `${text.slice(0, 39).trimEnd()}…` : text);

/** Two names say the same when they hold the same words in any order. */
const sameKey = (name: string) =>
  name
    .toLowerCase()
    .split(/, | · |\s+customers$/)
    .sort()
    .join('|');

/**
 * Names in plain words from the strongest feature traits (|z| ≥ 0.5): "Lapsing, occasional
 * customers"; where no phrase fits, or phrases collide, the traits themselves ("High x · Low y"),
 * extended until every name is unique.
 */
export function nameClusters(clusters: Named[], features: readonly string[]): void {
  // Names come from the features only: a column the clustering did not use (the assigned tier, say)
  // may describe a segment in its profile, but must not name it; nor may a number most of the
  // segment's customers lack (a mean of the few who have it, or of imputed values).
  const strong = clusters.map((c) =>
    c.traits.filter(
      (t) => Math.abs(t.score) >= 0.5 && features.includes(t.column) && (t.present ?? 1) >= 0.5,
    ),
  );
  const depth = clusters.map(() => 2);
  const namedBy = (j: number): { text: string; from: string[] } => {
    const phrase = phraseOf(strong[j], depth[j]);
    if (phrase) return phrase;
    const picked = strong[j].slice(0, depth[j]);
    // Nothing stands out: the segment is the middle of the customers.
    if (!picked.length)
      return { text: 'Typical customers', from: ['no feature stands out (all within 0.5 sd)'] };
    return {
      text: picked.map((t) => short(t.text)).join(' · '),
      from: picked.map((t) => `${t.text}: ${t.score >= 0 ? '+' : ''}${t.score.toFixed(1)} sd`),
    };
  };
  const nameOf = (j: number) => namedBy(j).text;
  for (let round = 0; round < 4; round++) {
    const keys = clusters.map((_c, j) => sameKey(nameOf(j)));
    const dup = keys.map((key, j) => keys.indexOf(key) !== j || keys.lastIndexOf(key) !== j);
    if (!dup.some(Boolean)) break;
    dup.forEach((isDup, j) => {
      if (isDup) depth[j]++;
    });
  }
  const seen = new Map<string, number>();
  for (let j = 0; j < clusters.length; j++) {
    const { text: base, from } = namedBy(j);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    clusters[j].segment = count > 1 ? `${base} (${count})` : base;
    clusters[j].nameFrom = from;
  }
}
