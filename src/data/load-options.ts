import type { OnProgress } from '../progress.js';
import type { ColumnType } from './table.js';

/** The formats Strata reads. */
export type FileFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'jsonl';

export interface LoadOptions {
  /** Inferred from the file name when absent. */
  format?: FileFormat;
  /** Field separator for csv/tsv; guessed from the header line when absent. */
  delimiter?: string;
  /** Whether the first line names the columns (default true). */
  header?: boolean;
  /** Column type overrides. */
  types?: Readonly<Record<string, ColumnType>>;
  /** The column that identifies a customer (its role becomes `id`). */
  id?: string;
  /** Keep only these columns, in this order. */
  columns?: readonly string[];
  /** Text tokens that mean "missing" (default: blank, NA, N/A, null, NaN, None, ?, -). */
  missing?: readonly string[];
  /** Read only a seeded reservoir sample of this many rows (for data larger than memory). */
  sample?: { rows: number; seed: number };
  /** Hears that reading goes on (about every second). */
  onProgress?: OnProgress;
}

export type RecordValue = string | number | boolean | Date | null | undefined;
export type DataRecord = Readonly<Record<string, RecordValue>>;
