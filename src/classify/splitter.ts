import { impurity, type SplitCriterion } from './impurity.js';

export interface Split {
  feature: number;
  threshold: number;
  missingLeft: boolean;
  /** w_left × impurity_left + w_right × impurity_right (lower is better). */
  childImpurity: number;
}

export interface SplitContext {
  y: Int32Array;
  sw: Float64Array;
  C: number;
  criterion: SplitCriterion;
  minLeaf: number;
}

/** Finds the best split of the rows in positions [start, end) and reorders them when a split is applied. */
export interface Splitter {
  /** Training rows at positions [start, end). */
  rows(start: number, end: number): Int32Array;
  find(start: number, end: number, total: Float64Array): Split | null;
  /** Moves the left rows first; returns how many went left. */
  apply(start: number, end: number, split: Split): number;
}

/** Scores one candidate; keeps it in `best` when strictly better. Returns the new best. */
export function consider(
  ctx: SplitContext,
  best: Split | null,
  feature: number,
  threshold: number,
  missingLeft: boolean,
  lw: Float64Array,
  rw: Float64Array,
  nL: number,
  nR: number,
): Split | null {
  if (nL < ctx.minLeaf || nR < ctx.minLeaf) return best;
  let wl = 0;
  let wr = 0;
  for (let c = 0; c < ctx.C; c++) {
    wl += lw[c];
    wr += rw[c];
  }
  if (wl <= 0 || wr <= 0) return best;
  const score =
    wl * impurity(ctx.criterion, lw, 0, ctx.C, wl) + wr * impurity(ctx.criterion, rw, 0, ctx.C, wr);
  if (best && score >= best.childImpurity - 1e-12 * Math.abs(best.childImpurity)) return best;
  return { feature, threshold, missingLeft, childImpurity: score };
}

function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m === b ? a : m;
}

/** Exact splits over pre-sorted columns: every boundary between distinct values is tried. */
export class ExactSplitter implements Splitter {
  private readonly sorted: Int32Array[];
  private readonly tmp: Int32Array;
  private readonly goLeft: Uint8Array;
  private readonly lw: Float64Array;
  private readonly rw: Float64Array;
  private readonly mw: Float64Array;

  constructor(
    private readonly cols: Float64Array[],
    n: number,
    rows: Int32Array,
    private readonly ctx: SplitContext,
    presorted?: readonly Int32Array[],
  ) {
    this.sorted = cols.map((col, f) =>
      presorted ? subsetInOrder(presorted[f], rows, n) : argsortNaNLast(col, rows),
    );
    this.tmp = new Int32Array(rows.length);
    this.goLeft = new Uint8Array(n);
    this.lw = new Float64Array(ctx.C);
    this.rw = new Float64Array(ctx.C);
    this.mw = new Float64Array(ctx.C);
  }

  rows(start: number, end: number): Int32Array {
    return this.sorted[0].subarray(start, end);
  }

  find(start: number, end: number, total: Float64Array): Split | null {
    const { y, sw, C } = this.ctx;
    const { lw, rw, mw } = this;
    let best: Split | null = null;
    for (let f = 0; f < this.cols.length; f++) {
      const seg = this.sorted[f];
      const col = this.cols[f];
      let m = end;
      mw.fill(0);
      while (m > start && Number.isNaN(col[seg[m - 1]])) {
        m--;
        mw[y[seg[m]]] += sw[seg[m]];
      }
      const nMissing = end - m;
      const nPresent = m - start;
      if (nPresent < 2 || col[seg[start]] === col[seg[m - 1]]) continue;
      lw.fill(0);
      for (let i = start; i < m - 1; i++) {
        const s = seg[i];
        lw[y[s]] += sw[s];
        const v = col[s];
        const vn = col[seg[i + 1]];
        if (v >= vn) continue;
        const nL = i - start + 1;
        const nR = nPresent - nL;
        const t = midpoint(v, vn);
        for (let c = 0; c < C; c++) rw[c] = total[c] - lw[c];
        if (nMissing === 0) {
          best = consider(this.ctx, best, f, t, nL >= nR, lw, rw, nL, nR);
          continue;
        }
        best = consider(this.ctx, best, f, t, false, lw, rw, nL, nR + nMissing);
        for (let c = 0; c < C; c++) {
          lw[c] += mw[c];
          rw[c] -= mw[c];
        }
        best = consider(this.ctx, best, f, t, true, lw, rw, nL + nMissing, nR);
        for (let c = 0; c < C; c++) lw[c] -= mw[c];
      }
    }
    return best;
  }

  apply(start: number, end: number, split: Split): number {
    const col = this.cols[split.feature];
    const seg = this.sorted[split.feature];
    const goLeft = this.goLeft;
    let nLeft = 0;
    for (let i = start; i < end; i++) {
      const s = seg[i];
      const v = col[s];
      const left = Number.isNaN(v) ? split.missingLeft : v <= split.threshold;
      goLeft[s] = left ? 1 : 0;
      if (left) nLeft++;
    }
    const tmp = this.tmp;
    for (const arr of this.sorted) {
      let l = start;
      let r = 0;
      for (let i = start; i < end; i++) {
        const s = arr[i];
        if (goLeft[s]) arr[l++] = s;
        else tmp[r++] = s;
      }
      arr.set(tmp.subarray(0, r), l);
    }
    return nLeft;
  }
}

/** The members of `rows`, in the order they have in `order` (a sort of all rows). */
function subsetInOrder(order: Int32Array, rows: Int32Array, n: number): Int32Array {
  const member = new Uint8Array(n);
  for (const r of rows) member[r] = 1;
  const out = new Int32Array(rows.length);
  let j = 0;
  for (const r of order) if (member[r]) out[j++] = r;
  return out;
}

/** Indices of `rows` ordered by `col` ascending, missing (NaN) last, ties by row. */
export function argsortNaNLast(col: Float64Array, rows: Int32Array): Int32Array {
  // One-hot and other two-valued columns: a stable two-bucket pass instead of a sort.
  let a = Number.NaN;
  let b = Number.NaN;
  let twoValued = true;
  for (const r of rows) {
    const v = col[r];
    if (Number.isNaN(v) || v === a || v === b) continue;
    if (Number.isNaN(a)) a = v;
    else if (Number.isNaN(b)) b = v;
    else {
      twoValued = false;
      break;
    }
  }
  if (twoValued) {
    const lo = Number.isNaN(b) || a < b ? a : b;
    const out = new Int32Array(rows.length);
    let j = 0;
    for (const r of rows) if (col[r] === lo) out[j++] = r;
    for (const r of rows) if (!Number.isNaN(col[r]) && col[r] !== lo) out[j++] = r;
    for (const r of rows) if (Number.isNaN(col[r])) out[j++] = r;
    return out;
  }
  const present: number[] = [];
  const missing: number[] = [];
  for (const r of rows) (Number.isNaN(col[r]) ? missing : present).push(r);
  present.sort((a, b) => col[a] - col[b] || a - b);
  const out = new Int32Array(rows.length);
  out.set(present);
  out.set(missing, present.length);
  return out;
}
