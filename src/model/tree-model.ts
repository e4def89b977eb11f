/** A fitted tree as flat arrays (node ids in depth-first preorder; node 0 is the root). */
export interface TreeArrays {
  nClasses: number;
  nFeatures: number;
  /** Split feature, or -1 for a leaf. */
  feature: Int32Array;
  /** Rows with x ≤ threshold go left. */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** 1 when missing values go left. */
  missingLeft: Uint8Array;
  /** Weighted class totals per node (nNodes × nClasses). */
  value: Float64Array;
  /** Training rows per node. */
  samples: Int32Array;
  /** Weighted training rows per node. */
  weight: Float64Array;
  impurity: Float64Array;
  depth: Int32Array;
}

/** Growable node storage used while fitting. */
export class NodeStore {
  private cap = 64;
  count = 0;
  feature = new Int32Array(this.cap);
  threshold = new Float64Array(this.cap);
  left = new Int32Array(this.cap);
  right = new Int32Array(this.cap);
  missingLeft = new Uint8Array(this.cap);
  value: Float64Array;
  samples = new Int32Array(this.cap);
  weight = new Float64Array(this.cap);
  impurity = new Float64Array(this.cap);
  depth = new Int32Array(this.cap);

  constructor(readonly nClasses: number) {
    this.value = new Float64Array(this.cap * nClasses);
  }

  add(classWeights: Float64Array, samples: number, weight: number, impurity: number, depth: number): number {
    if (this.count === this.cap) this.grow();
    const id = this.count++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    this.value.set(classWeights.subarray(0, this.nClasses), id * this.nClasses);
    this.samples[id] = samples;
    this.weight[id] = weight;
    this.impurity[id] = impurity;
    this.depth[id] = depth;
    return id;
  }

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature, this.cap);
    this.threshold = g(this.threshold, this.cap);
    this.left = g(this.left, this.cap);
    this.right = g(this.right, this.cap);
    this.missingLeft = g(this.missingLeft, this.cap);
    this.value = g(this.value, this.cap * this.nClasses);
    this.samples = g(this.samples, this.cap);
    this.weight = g(this.weight, this.cap);
    this.impurity = g(this.impurity, this.cap);
    this.depth = g(this.depth, this.cap);
  }

  finish(nFeatures: number): TreeArrays {
    const n = this.count;
    return {
      nClasses: this.nClasses,
      nFeatures,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      missingLeft: this.missingLeft.slice(0, n),
      value: this.value.slice(0, n * this.nClasses),
      samples: this.samples.slice(0, n),
      weight: this.weight.slice(0, n),
      impurity: this.impurity.slice(0, n),
      depth: this.depth.slice(0, n),
    };
  }
}

/** The leaf a row ends in. `x` is row-major with `p` columns. */
export function leafOf(t: TreeArrays, x: Float64Array, row: number, p: number): number {
  let node = 0;
  while (t.feature[node] >= 0) {
    const v = x[row * p + t.feature[node]];
    const goLeft = Number.isNaN(v) ? t.missingLeft[node] === 1 : v <= t.threshold[node];
    node = goLeft ? t.left[node] : t.right[node];
  }
  return node;
}

/** Nodes from the root to the leaf a row ends in. */
export function pathOf(t: TreeArrays, x: Float64Array, row: number, p: number): number[] {
  const path = [0];
  let node = 0;
  while (t.feature[node] >= 0) {
    const v = x[row * p + t.feature[node]];
    const goLeft = Number.isNaN(v) ? t.missingLeft[node] === 1 : v <= t.threshold[node];
    node = goLeft ? t.left[node] : t.right[node];
    path.push(node);
  }
  return path;
}

export function leafCount(t: TreeArrays): number {
  let n = 0;
  for (let i = 0; i < t.feature.length; i++) if (t.feature[i] < 0) n++;
  return n;
}

export function maxDepth(t: TreeArrays): number {
  let d = 0;
  for (let i = 0; i < t.depth.length; i++) if (t.depth[i] > d) d = t.depth[i];
  return d;
}
