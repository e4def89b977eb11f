import { cellText, isMissing, type Table } from '../data/table.js';

/** A medoid: the real customer at the centre of a k-medoids segment. */
export interface Medoid {
  /** Row number in the data (1-based, as `row` in assignments.csv). */
  row: number;
  /** The customer's id, when the data has an id column. */
  id: string | null;
  /** The customer's value of each feature, as text ('' when missing). */
  values: { column: string; value: string }[];
  /** Features the medoid has no value for: Gower skips them when scoring against it. */
  missing: string[];
}

export function medoidOf(
  table: Table,
  row: number,
  id: string | undefined,
  features: readonly string[],
): Medoid {
  const values = features.map((column) => ({ column, value: table.text(column, row) }));
  const missing = features.filter((f) => isMissing(table.get(f)!, row));
  const idCol = id ? table.get(id) : undefined;
  return { row: row + 1, id: idCol ? cellText(idCol, row) : null, values, missing };
}
