import type { Table } from '../data/table.js';
import { DataError, UsageError } from '../errors.js';

export interface FeatureChoice {
  features?: readonly string[];
  exclude?: readonly string[];
  /** Also pick categorical columns by default (classification does; clustering uses numbers only). */
  categorical?: boolean;
  /** Never a feature (the label, the id). */
  reserved?: readonly (string | undefined)[];
}

/** The named features, checked; or by default every numeric (and categorical) feature column. */
export function chooseFeatures(table: Table, choice: FeatureChoice): string[] {
  const reserved = new Set(choice.reserved?.filter((r): r is string => !!r));
  for (const name of [...(choice.features ?? []), ...(choice.exclude ?? [])]) {
    if (!table.has(name)) throw new UsageError(`${table.source}: column "${name}" not found`);
  }
  let features: string[];
  if (choice.features?.length) {
    features = [...choice.features];
    for (const f of features) {
      if (reserved.has(f))
        throw new UsageError(`${table.source}: column "${f}" cannot be both a feature and the label or id`);
    }
  } else {
    features = table.schema.columns
      .filter((c) => !reserved.has(c.name))
      .filter((c) => c.role === 'numeric' || (choice.categorical && c.role === 'categorical'))
      .map((c) => c.name);
  }
  const exclude = new Set(choice.exclude ?? []);
  features = features.filter((f) => !exclude.has(f));
  if (!features.length) throw new DataError({ file: table.source }, 'no feature columns left to use');
  return features;
}

/** The column that identifies rows: the one named, else the first column whose role is id. */
export function idColumn(table: Table, id?: string): string | undefined {
  if (id !== undefined) {
    if (!table.has(id)) throw new UsageError(`${table.source}: id column "${id}" not found`);
    return id;
  }
  return table.schema.columns.find((c) => c.role === 'id')?.name;
}
