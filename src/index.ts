/** Strata's public API. */

export type { ColumnSummary, Description, LevelCount } from './data/describe.js';
export { describe } from './data/describe.js';
export { DataError, StrataError, UsageError } from './data/errors.js';
export type { DataRecord, FileFormat, LoadOptions, RecordValue } from './data/load.js';
export { formatOf, load } from './data/load.js';
export type {
  CategoricalColumn,
  Column,
  ColumnInfo,
  ColumnType,
  DateColumn,
  NumericColumn,
  Role,
  Schema,
  TextColumn,
} from './data/table.js';
export { cellText, isMissing, Table } from './data/table.js';
export { Random } from './util/random.js';
