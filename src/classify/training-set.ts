import type { Matrix } from '../util/matrix.js';

/** What a tree learns from: the inputs, each row's class index, and the classes in index order. */
export interface TrainingSet {
  x: Matrix;
  /** Class index per row, 0 … classes.length − 1. */
  y: Int32Array;
  classes: readonly string[];
}
