import { lowerBound, upperBound } from '../util/search.js';
import { consider, type Split, type SplitContext, type Splitter } from './splitter.js';

export const MISSING_BIN = 255;

/** Histogram splits: each column is cut into at most 255 bins; splits are tried between bins. */
export class HistogramSplitter implements Splitter {
  private readonly codes: Uint8Array[];
  private readonly edges: Float64Array[];
  private readonly index: Int32Array;
  private readonly hist: Float64Array;
  private readonly histN: Int32Array;
  private readonly lw: Float64Array;
  private readonly rw: Float64Array;

  constructor(
    private readonly cols: Float64Array[],
    n: number,
    rows: Int32Array,
    private readonly ctx: SplitContext,
    maxBins = 255,
    edges?: readonly Float64Array[],
  ) {
    this.index = Int32Array.from(rows);
    this.edges = edges ? [...edges] : cols.map((col) => binEdges(col, rows, Math.min(maxBins, 255)));
    this.codes = cols.map((col, f) => {
      const e = this.edges[f];
      const code = new Uint8Array(n);
      for (const r of rows) code[r] = Number.isNaN(col[r]) ? MISSING_BIN : lowerBound(e, col[r]); // edges below v: v ≤ edge[b] ⇔ bin ≤ b
      return code;
    });
    this.hist = new Float64Array(256 * ctx.C);
    this.histN = new Int32Array(256);
    this.lw = new Float64Array(ctx.C);
    this.rw = new Float64Array(ctx.C);
  }

  rows(start: number, end: number): Int32Array {
    return this.index.subarray(start, end);
  }

  find(start: number, end: number, total: Float64Array): Split | null {
    const { y, sw, C } = this.ctx;
    const { hist, histN, lw, rw } = this;
    let best: Split | null = null;
    for (let f = 0; f < this.cols.length; f++) {
      const e = this.edges[f];
      if (e.length < 1) continue;
      hist.fill(0);
      histN.fill(0);
      const code = this.codes[f];
      for (let i = start; i < end; i++) {
        const s = this.index[i];
        const b = code[s];
        hist[b * C + y[s]] += sw[s];
        histN[b]++;
      }
      best = scanHistogram(this.ctx, best, f, e, hist, histN, end - start, total, lw, rw);
    }
    return best;
  }

  apply(start: number, end: number, split: Split): number {
    const col = this.cols[split.feature];
    const idx = this.index;
    let l = start;
    let r = end - 1;
    while (l <= r) {
      const v = col[idx[l]];
      const left = Number.isNaN(v) ? split.missingLeft : v <= split.threshold;
      if (left) l++;
      else {
        const t = idx[l];
        idx[l] = idx[r];
        idx[r] = t;
        r--;
      }
    }
    // Keep positions sorted by row so that results do not depend on the partition's swaps.
    idx.subarray(start, l).sort();
    idx.subarray(l, end).sort();
    return l - start;
  }
}

/**
 * The best split of one feature from its histogram (class weights per bin, rows per bin; bin
 * MISSING_BIN holds the missing values), tried between bins with the missing rows on either side.
 * Shared by in-process training and training inside a database, so both choose the same split.
 */
export function scanHistogram(
  ctx: SplitContext,
  start: Split | null,
  f: number,
  e: Float64Array,
  hist: Float64Array,
  histN: Int32Array,
  rows: number,
  total: Float64Array,
  lw: Float64Array,
  rw: Float64Array,
): Split | null {
  const { C } = ctx;
  let best = start;
  const nb = e.length + 1;
  const nMissing = histN[MISSING_BIN];
  const nPresent = rows - nMissing;
  lw.fill(0);
  let nL = 0;
  for (let b = 0; b < nb - 1; b++) {
    if (histN[b] === 0) continue;
    for (let c = 0; c < C; c++) lw[c] += hist[b * C + c];
    nL += histN[b];
    const nR = nPresent - nL;
    if (nR === 0) break;
    for (let c = 0; c < C; c++) rw[c] = total[c] - lw[c];
    const t = e[b];
    if (nMissing === 0) {
      best = consider(ctx, best, f, t, nL >= nR, lw, rw, nL, nR);
      continue;
    }
    best = consider(ctx, best, f, t, false, lw, rw, nL, nR + nMissing);
    for (let c = 0; c < C; c++) {
      lw[c] += hist[MISSING_BIN * C + c];
      rw[c] -= hist[MISSING_BIN * C + c];
    }
    best = consider(ctx, best, f, t, true, lw, rw, nL + nMissing, nR);
    for (let c = 0; c < C; c++) lw[c] -= hist[MISSING_BIN * C + c];
  }
  return best;
}

/**
 * Cut points: midpoints between distinct values when there are few, else at quantiles, each placed
 * midway between the quantile and the next distinct value (the convention of the exact splitter, so a
 * threshold is never a value a customer has, and every engine that bins by these cuts writes the same
 * rules).
 */
export function binEdges(col: Float64Array, rows: Int32Array, maxBins: number): Float64Array {
  const step = Math.max(1, Math.floor(rows.length / 200_000));
  const sample: number[] = [];
  for (let i = 0; i < rows.length; i += step) {
    const v = col[rows[i]];
    if (!Number.isNaN(v)) sample.push(v);
  }
  const sorted = Float64Array.from(sample).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(distinct[i] / 2 + distinct[i + 1] / 2);
  } else {
    let prev = Number.NEGATIVE_INFINITY;
    for (let b = 1; b < maxBins; b++) {
      const at = Math.min(sorted.length - 1, Math.floor((b * sorted.length) / maxBins));
      const q = sorted[at];
      const above = upperBound(sorted, q);
      if (q > prev && above < sorted.length) {
        cuts.push(q / 2 + sorted[above] / 2);
        prev = q;
      }
    }
  }
  return Float64Array.from(cuts);
}
