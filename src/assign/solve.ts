/**
 * The assignment of customers to managers (and pooled service) as a transportation problem, solved
 * exactly by improving chains: every customer starts in the pool, and each step moves customers along
 * the most profitable chain "one leaves this node for that one" that ends where there is room (a
 * manager under their span, or the pool). Chains run over the managers, not the customers: a profit
 * is value × a coefficient that depends only on the tier (and the continuity bonus at a customer's
 * current manager), so the best customer to move along an arc is always the most or the least
 * valuable of a small group, kept in heaps by value: per node and class of customers who may go to
 * the same managers, apart for those at their current manager, and per node and current manager.
 * When no chain gains, the chain labels are the dual prices of the spans, which certify the optimum
 * (the LP bound equals the objective) and say what one more slot at each manager is worth.
 */

/** The problem; customers in classes of the same eligible managers. */
export interface Problem {
  n: number;
  value: Float64Array;
  /** Per customer: the class (the managers they may go to). */
  classOf: Int32Array;
  /**
   * Per customer: their current manager if that manager may serve them and their value is positive,
   * else -1 (the bonus is a share of the value: a loss-making customer earns none by staying).
   */
  current: Int32Array;
  /** Per class: the managers its customers may go to. */
  eligible: Int32Array[];
  /** Per manager: the tier's weight. */
  weight: Float64Array;
  /** Staying with one's current manager multiplies the weight by 1 + keep. */
  keep: number;
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

/** A binary heap of customer indices by value, with stale entries skipped lazily. */
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

  /** The best entry still at `node`, dropping the stale ones above it. */
  top(at: Int32Array, node: number): number {
    const h = this.items;
    while (h.length && at[h[0]] !== node) {
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

/** A node's customers of one group, by value: the highest and the lowest first. */
interface Group {
  hi: Heap;
  lo: Heap;
}

/**
 * What a node holds: per class, the customers not at their current manager (`rest`) and those who
 * are (`home`, managers only); per current manager c, the customers whose current manager is c.
 */
interface Holding {
  rest: Map<number, Group>;
  home: Map<number, Group>;
  byCurrent: Map<number, Group>;
}

export class Assigner {
  private M: number;
  private readonly at: Int32Array;
  private load: Int32Array;
  private span: Int32Array;
  private weight: Float64Array;
  private readonly eligible: Int32Array[];
  /** Per node (the pool last): what it holds. */
  private readonly holding: Holding[];
  private readonly big: number;
  private readonly tol: number;
  private steps = 0;

  constructor(
    private readonly p: Problem,
    start?: Int32Array,
  ) {
    this.M = p.span.length;
    this.span = Int32Array.from(p.span);
    this.weight = Float64Array.from(p.weight);
    this.eligible = [...p.eligible];
    let scale = 1;
    for (let i = 0; i < p.n; i++) scale = Math.max(scale, Math.abs(p.value[i]));
    let cmax = 1;
    for (const w of p.weight) cmax = Math.max(cmax, Math.abs(w) * (1 + p.keep));
    if (p.pool) cmax = Math.max(cmax, Math.abs(p.pool.hi), Math.abs(p.pool.lo));
    // Without pooled service everyone must be placed: the pool costs more than any chain can gain.
    this.big = 4 * (this.M + 2) * scale * cmax + 1;
    this.tol = 1e-11 * scale * cmax;
    this.holding = Array.from({ length: this.M + 1 }, () => ({
      rest: new Map(),
      home: new Map(),
      byCurrent: new Map(),
    }));
    this.at = start ? Int32Array.from(start) : new Int32Array(p.n).fill(-1);
    this.load = new Int32Array(this.M);
    for (let i = 0; i < p.n; i++) {
      if (this.at[i] >= 0) this.load[this.at[i]]++;
      this.place(i, this.at[i]);
    }
  }

  private node(m: number): number {
    return m < 0 ? this.M : m;
  }

  private group(map: Map<number, Group>, key: number): Group {
    let g = map.get(key);
    if (!g) {
      g = { hi: new Heap(this.p.value, 1), lo: new Heap(this.p.value, -1) };
      map.set(key, g);
    }
    return g;
  }

  private place(i: number, m: number): void {
    const h = this.holding[this.node(m)];
    const cur = this.p.current[i];
    const g = this.group(cur >= 0 && cur === m ? h.home : h.rest, this.p.classOf[i]);
    g.hi.push(i);
    g.lo.push(i);
    if (cur >= 0 && cur !== m) {
      const c = this.group(h.byCurrent, cur);
      c.hi.push(i);
      c.lo.push(i);
    }
  }

  private poolProfit(v: number): number {
    const pool = this.p.pool;
    if (!pool) return -this.big;
    return v >= 0 ? v * pool.hi : v * pool.lo;
  }

  /** The profit of customer i at manager m (-1: the pool). */
  profit(i: number, m: number): number {
    if (m < 0) return this.poolProfit(this.p.value[i]);
    return this.p.value[i] * this.weight[m] * (m === this.p.current[i] ? 1 + this.p.keep : 1);
  }

  /**
   * Longest gains from every node at 0 (a chain may start anywhere: a customer leaving a node frees
   * a slot worth nothing there), over "one customer moves from u to v" arcs. Returns the labels and,
   * per node, the arc that set it.
   */
  private labels(): { d: Float64Array; from: Int32Array; who: Int32Array } {
    const { M } = this;
    const N = M + 1;
    const d = new Float64Array(N);
    const from = new Int32Array(N).fill(-1);
    const who = new Int32Array(N).fill(-1);
    const queued = new Uint8Array(N).fill(1);
    const queue: number[] = Array.from({ length: N }, (_, i) => i);
    const relaxed = new Int32Array(N);
    const cap = 4 * N * N + 16;
    const relax = (u: number, v: number, gain: number, i: number) => {
      if (d[u] + gain > d[v] + this.tol) {
        d[v] = d[u] + gain;
        from[v] = u;
        who[v] = i;
        // Without a profitable cycle the labels settle; the cap only stops rounding from looping.
        if (!queued[v] && relaxed[v]++ <= cap) {
          queued[v] = 1;
          queue.push(v);
        }
      }
    };
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q];
      queued[u] = 0;
      this.expand(u, relax);
    }
    return { d, from, who };
  }

  /** Relaxes every arc out of node u: the best customer of each group it holds, to each node they may go to. */
  private expand(u: number, relax: (u: number, v: number, gain: number, i: number) => void): void {
    const { M, p, at } = this;
    const bonus = 1 + p.keep;
    const here = u === M ? -1 : u;
    const h = this.holding[u];
    const wu = here < 0 ? 0 : this.weight[here];
    // Customers of a class, not at their current manager (the pool holds only these).
    for (const [k, g] of h.rest) {
      const hi = g.hi.top(at, here);
      if (hi < 0) continue;
      const lo = g.lo.top(at, here);
      const e = this.eligible[k];
      if (here < 0) {
        const v = p.value[hi];
        const base = this.poolProfit(v);
        for (let j = 0; j < e.length; j++)
          if (e[j] !== here) relax(u, e[j], v * this.weight[e[j]] - base, hi);
        continue;
      }
      for (let j = 0; j < e.length; j++) {
        const m = e[j];
        if (m === here) continue;
        const i = this.weight[m] > wu ? hi : lo;
        relax(u, m, p.value[i] * (this.weight[m] - wu), i);
      }
      relax(u, M, this.poolProfit(p.value[lo]) - p.value[lo] * wu, lo);
    }
    // Customers at their current manager: leaving costs the bonus.
    for (const [k, g] of h.home) {
      const hi = g.hi.top(at, here);
      if (hi < 0) continue;
      const lo = g.lo.top(at, here);
      const e = this.eligible[k];
      const w = wu * bonus;
      for (let j = 0; j < e.length; j++) {
        const m = e[j];
        if (m === here) continue;
        const i = this.weight[m] > w ? hi : lo;
        relax(u, m, p.value[i] * (this.weight[m] - w), i);
      }
      relax(u, M, this.poolProfit(p.value[lo]) - p.value[lo] * w, lo);
    }
    // Customers going back to their current manager gain the bonus there.
    for (const [c, g] of h.byCurrent) {
      const hi = g.hi.top(at, here);
      if (hi < 0) continue;
      const lo = g.lo.top(at, here);
      const wc = this.weight[c] * bonus;
      if (here < 0) relax(u, c, p.value[hi] * wc - this.poolProfit(p.value[hi]), hi);
      else {
        const i = wc > wu ? hi : lo;
        relax(u, c, p.value[i] * (wc - wu), i);
      }
    }
  }

  /**
   * A new manager with `span` slots in a tier of `weight`, open to the classes listed; the current
   * assignment stays and the next `solve()` starts from it (a warm start).
   */
  addManager(span: number, weight: number, classes: readonly number[]): number {
    const m = this.M;
    const pool = this.holding.pop()!;
    for (const k of classes) this.eligible[k] = Int32Array.from([...this.eligible[k], m]);
    this.holding.push({ rest: new Map(), home: new Map(), byCurrent: new Map() }, pool);
    this.span = Int32Array.from([...this.span, span]);
    this.load = Int32Array.from([...this.load, 0]);
    this.weight = Float64Array.from([...this.weight, weight]);
    this.M = m + 1;
    return m;
  }

  /** Improves until no chain gains; then the prices and the bound. */
  solve(): Solution {
    const { p } = this;
    for (;;) {
      const { M } = this;
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
      let best = p.pool ? this.poolProfit(p.value[i]) : Number.NEGATIVE_INFINITY;
      for (const m of this.eligible[p.classOf[i]]) best = Math.max(best, this.profit(i, m) - prices[m]);
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

/**
 * bound − objective, or 0 when it is rounding: sums of thousands of products carry about 1e-12 of
 * their size, so a difference below 1e-9 of the objective proves the plan optimal.
 */
export function gapOf(s: Pick<Solution, 'bound' | 'objective'>): number {
  const raw = s.bound - s.objective;
  return raw > 1e-9 * Math.max(1, Math.abs(s.objective)) ? raw : 0;
}

/** The best assignment, from scratch or from a previous one (a warm start after adding a manager). */
export function solveAssignment(p: Problem, start?: Int32Array): Solution {
  return new Assigner(p, start).solve();
}
