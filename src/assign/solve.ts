/**
 * The assignment of customers to managers (and pooled service) as a transportation problem, solved
 * exactly by improving paths: every customer starts in the pool, and each step moves customers along
 * the most profitable chain "one leaves this node for that one" that ends where there is room (a
 * manager under their span, or the pool). The chains run over the managers, not the customers: a
 * node's customers are kept per class (same attributes, same current manager) in heaps by value,
 * because within a class the best customer to move is always the most or the least valuable one
 * (profits are value × a coefficient of the class and node). When no chain gains, the path labels are
 * the dual prices of the managers' spans, which certify the optimum (the LP bound equals the
 * objective) and say what one more slot at each manager is worth.
 */

/** The problem, with customers grouped in classes; node M is the pool. */
export interface Problem {
  n: number;
  value: Float64Array;
  classOf: Int32Array;
  /** Per class: the managers its customers may go to, and the coefficient of each (profit = value × it). */
  eligible: Int32Array[];
  coef: Float64Array[];
  /** Managers' spans. */
  span: Int32Array;
  /** Pooled service: its weights (the highest for positive values, the lowest for negative), or none. */
  pool: { hi: number; lo: number } | null;
}

export interface Solution {
  /** Per customer: the manager, or -1 for the pool. */
  at: Int32Array;
  load: Int32Array;
  objective: number;
  /** Per manager: what one more slot there is worth (the dual price of the span). */
  prices: Float64Array;
  /** The LP bound from the prices: Σ each customer's best option at those prices + Σ span × price. */
  bound: number;
  /** Improving steps taken. */
  steps: number;
}

/** A binary heap of customer indices by a key, with stale entries skipped lazily. */
class Heap {
  readonly items: number[] = [];
  constructor(
    private readonly key: Float64Array,
    private readonly sign: 1 | -1,
  ) {}

  private better(a: number, b: number): boolean {
    const d = this.sign * (this.key[a] - this.key[b]);
    return d > 0 || (d === 0 && a < b);
  }

  push(i: number): void {
    const h = this.items;
    h.push(i);
    let c = h.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.better(h[c], h[p])) break;
      [h[c], h[p]] = [h[p], h[c]];
      c = p;
    }
  }

  /** The best entry for which `valid` holds, dropping the stale ones above it. */
  top(valid: (i: number) => boolean): number {
    const h = this.items;
    while (h.length && !valid(h[0])) {
      const last = h.pop()!;
      if (!h.length) break;
      h[0] = last;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let b = p;
        if (l < h.length && this.better(h[l], h[b])) b = l;
        if (r < h.length && this.better(h[r], h[b])) b = r;
        if (b === p) break;
        [h[p], h[b]] = [h[b], h[p]];
        p = b;
      }
    }
    return h.length ? h[0] : -1;
  }
}

/** The slots of one node and class: its customers by value, highest and lowest first. */
interface Slot {
  hi: Heap;
  lo: Heap;
}

export class Assigner {
  private M: number;
  private readonly K: number;
  private readonly at: Int32Array;
  private load: Int32Array;
  private span: Int32Array;
  /** slots[node][class position]: for managers, the classes eligible there; for the pool, every class. */
  private readonly slots: Slot[][];
  /** Per manager: [class, position of the manager in the class's eligible list]. */
  private readonly classesAt: Int32Array[];
  private readonly slotAt: Int32Array[];
  private readonly eligible: Int32Array[];
  private readonly coef: Float64Array[];
  private readonly big: number;
  private readonly tol: number;
  private steps = 0;

  constructor(
    private readonly p: Problem,
    start?: Int32Array,
  ) {
    this.M = p.span.length;
    this.K = p.eligible.length;
    this.span = Int32Array.from(p.span);
    this.eligible = [...p.eligible];
    this.coef = [...p.coef];
    const { M, K } = this;
    let scale = 1;
    for (let i = 0; i < p.n; i++) scale = Math.max(scale, Math.abs(p.value[i]));
    let cmax = 1;
    for (const c of p.coef) for (const v of c) cmax = Math.max(cmax, Math.abs(v));
    if (p.pool) cmax = Math.max(cmax, Math.abs(p.pool.hi), Math.abs(p.pool.lo));
    // Without pooled service everyone must be placed: the pool costs more than any chain can gain.
    this.big = 4 * (M + 2) * scale * cmax + 1;
    this.tol = 1e-11 * scale * cmax;
    const lists: number[][] = Array.from({ length: M }, () => []);
    this.slotAt = p.eligible.map((e) => new Int32Array(e.length));
    for (let k = 0; k < K; k++)
      p.eligible[k].forEach((m, j) => {
        this.slotAt[k][j] = lists[m].length / 2;
        lists[m].push(k, j);
      });
    this.classesAt = lists.map((l) => Int32Array.from(l));
    const slot = (): Slot => ({ hi: new Heap(p.value, 1), lo: new Heap(p.value, -1) });
    this.slots = [
      ...lists.map((l) => Array.from({ length: l.length / 2 }, slot)),
      Array.from({ length: K }, slot),
    ];
    this.at = start ? Int32Array.from(start) : new Int32Array(p.n).fill(-1);
    this.load = new Int32Array(M);
    for (let i = 0; i < p.n; i++) {
      const m = this.at[i];
      if (m >= 0) this.load[m]++;
      this.place(i, m);
    }
  }

  private poolProfit(v: number): number {
    const pool = this.p.pool;
    if (!pool) return -this.big;
    return v >= 0 ? v * pool.hi : v * pool.lo;
  }

  /** The slot of customer class k at node m (-1: the pool). */
  private slotOf(k: number, m: number): Slot {
    if (m < 0) return this.slots[this.M][k];
    const j = this.positionOf(k, m);
    return this.slots[m][this.slotAt[k][j]];
  }

  private positionOf(k: number, m: number): number {
    const e = this.eligible[k];
    for (let j = 0; j < e.length; j++) if (e[j] === m) return j;
    return -1;
  }

  private place(i: number, m: number): void {
    const s = this.slotOf(this.p.classOf[i], m);
    s.hi.push(i);
    s.lo.push(i);
  }

  /** The profit of customer i at node m (-1: the pool). */
  profit(i: number, m: number): number {
    if (m < 0) return this.poolProfit(this.p.value[i]);
    const k = this.p.classOf[i];
    return this.p.value[i] * this.coef[k][this.positionOf(k, m)];
  }

  /**
   * Longest gains from every node at 0 (a chain may start anywhere: a customer leaving a node frees
   * a slot worth nothing there), over "one customer moves from u to v" arcs. Returns the labels and,
   * per node, the arc that set it.
   */
  private labels(): { d: Float64Array; from: Int32Array; who: Int32Array } {
    const { M, K, p } = this;
    const N = M + 1;
    const d = new Float64Array(N);
    const from = new Int32Array(N).fill(-1);
    const who = new Int32Array(N).fill(-1);
    const queued = new Uint8Array(N).fill(1);
    const queue: number[] = Array.from({ length: N }, (_, i) => i);
    const relaxed = new Int32Array(N);
    const nodeOf = (u: number) => (u === M ? -1 : u);
    const relax = (u: number, v: number, gain: number, i: number) => {
      const to = v < 0 ? M : v;
      if (d[u] + gain > d[to] + this.tol) {
        d[to] = d[u] + gain;
        from[to] = u;
        who[to] = i;
        // Without a profitable cycle the labels settle; the cap only stops rounding from looping.
        if (!queued[to] && relaxed[to]++ <= 4 * N * N + 16) {
          queued[to] = 1;
          queue.push(to);
        }
      }
    };
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q];
      queued[u] = 0;
      const here = nodeOf(u);
      const count = here < 0 ? K : this.classesAt[here].length / 2;
      for (let s = 0; s < count; s++) {
        const k = here < 0 ? s : this.classesAt[here][2 * s];
        const slot = this.slots[u][s];
        const valid = (i: number) => this.at[i] === here && p.classOf[i] === k;
        const hi = slot.hi.top(valid);
        if (hi < 0) continue;
        const lo = slot.lo.top(valid);
        const e = this.eligible[k];
        const c = this.coef[k];
        if (here < 0) {
          const v = p.value[hi];
          const base = this.poolProfit(v);
          for (let j = 0; j < e.length; j++) relax(u, e[j], v * c[j] - base, hi);
          continue;
        }
        const cu = c[this.classesAt[here][2 * s + 1]];
        for (let j = 0; j < e.length; j++) {
          if (e[j] === here) continue;
          const i = c[j] > cu ? hi : lo;
          relax(u, e[j], p.value[i] * (c[j] - cu), i);
        }
        relax(u, -1, this.poolProfit(p.value[lo]) - p.value[lo] * cu, lo);
      }
    }
    return { d, from, who };
  }

  /**
   * A new manager with `span` slots, open to the classes listed with their coefficient there; the
   * current assignment stays and the next `solve()` starts from it (a warm start).
   */
  addManager(span: number, classes: readonly { k: number; coef: number }[]): number {
    const m = this.M;
    const pool = this.slots.pop()!;
    const list: number[] = [];
    for (const { k, coef } of classes) {
      const j = this.eligible[k].length;
      this.eligible[k] = Int32Array.from([...this.eligible[k], m]);
      this.coef[k] = Float64Array.from([...this.coef[k], coef]);
      this.slotAt[k] = Int32Array.from([...this.slotAt[k], list.length / 2]);
      list.push(k, j);
    }
    this.classesAt.push(Int32Array.from(list));
    this.slots.push(
      Array.from({ length: classes.length }, () => ({
        hi: new Heap(this.p.value, 1),
        lo: new Heap(this.p.value, -1),
      })),
      pool,
    );
    this.span = Int32Array.from([...this.span, span]);
    this.load = Int32Array.from([...this.load, 0]);
    this.M = m + 1;
    return m;
  }

  /** Improves until no chain gains; then the prices and the bound. */
  solve(): Solution {
    const { M, p } = this;
    for (;;) {
      const { d, from, who } = this.labels();
      let end = -1;
      let best = this.tol;
      if (p.pool && d[M] > best) {
        best = d[M];
        end = M;
      }
      for (let m = 0; m < M; m++)
        if (this.load[m] < this.span[m] && d[m] > best) {
          best = d[m];
          end = m;
        }
      if (end < 0) return this.finish(d);
      this.apply(end, from, who);
    }
  }

  private apply(end: number, from: Int32Array, who: Int32Array): void {
    const { M } = this;
    const moves: [number, number][] = [];
    const seen = new Uint8Array(M + 1);
    for (let v = end; from[v] >= 0 && !seen[v]; v = from[v]) {
      seen[v] = 1;
      moves.push([who[v], v === M ? -1 : v]);
    }
    for (const [i, to] of moves) {
      const was = this.at[i];
      if (was >= 0) this.load[was]--;
      if (to >= 0) this.load[to]++;
      this.at[i] = to;
      this.place(i, to);
    }
    this.steps++;
  }

  private finish(d: Float64Array): Solution {
    const { M, p } = this;
    const prices = new Float64Array(M);
    for (let m = 0; m < M; m++) prices[m] = Math.max(0, d[m]);
    let objective = 0;
    let bound = 0;
    for (let i = 0; i < p.n; i++) {
      objective += this.profit(i, this.at[i]);
      const k = p.classOf[i];
      let best = p.pool ? this.poolProfit(p.value[i]) : Number.NEGATIVE_INFINITY;
      const e = this.eligible[k];
      for (let j = 0; j < e.length; j++) best = Math.max(best, p.value[i] * this.coef[k][j] - prices[e[j]]);
      bound += best;
    }
    for (let m = 0; m < M; m++) bound += this.span[m] * prices[m];
    return {
      at: Int32Array.from(this.at),
      load: Int32Array.from(this.load),
      objective,
      prices,
      bound,
      steps: this.steps,
    };
  }
}

/** The best assignment, from scratch or from a previous one (a warm start after adding a manager). */
export function solveAssignment(p: Problem, start?: Int32Array): Solution {
  return new Assigner(p, start).solve();
}
