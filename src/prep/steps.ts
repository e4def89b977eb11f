// The fitted recipe's shape: plain JSON, stored in every model file and read by every consumer.
import type { Matrix } from '../util/matrix.js';

export type { Matrix };

export type ScaleMethod = 'standard' | 'robust' | 'minmax' | 'none';
/** `auto` logs strongly right-skewed non-negative columns; a list names them. */
export type LogSpec = 'auto' | 'none' | readonly string[];

export interface NumericStep {
  kind: 'numeric';
  name: string;
  /** Median of the training values, in original units. */
  impute: number;
  log: boolean;
  center: number;
  scale: number;
  /** Missing values seen in training (absent in older files). */
  missing?: number;
}

export interface CategoricalStep {
  kind: 'categorical';
  name: string;
  /** Most frequent training level; missing values become it. */
  impute: string;
  levels: string[];
}

export type RecipeStep = NumericStep | CategoricalStep;

/** A fitted recipe: plain JSON, stored in every model file. */
export interface Recipe {
  scale: ScaleMethod;
  /** Missing numbers stay NaN (for trees, which learn where they go). */
  keepMissing?: boolean;
  steps: RecipeStep[];
  /** Output column names: numeric names, then `name=level` for each one-hot level. */
  outputs: string[];
}

/** The recipe applied to a table: its outputs as a matrix, with their names. */
export interface Transformed extends Matrix {
  names: string[];
  /** Missing values filled in, per input column. */
  imputed: Record<string, number>;
}
