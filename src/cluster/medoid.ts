import { cellText, isMissing, type Table } from '../data/table.js';
import type { Medoid } from '../model/model-file.js';

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
