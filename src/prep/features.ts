import type { Table } from '../data/table.js';
import { DataError, UsageError } from '../errors.js';

export interface FeatureChoice {
  features?: readonly string[];
  exclude?: readonly string[];
  /** Also pick categorical columns by default (classification does; clustering uses numbers only). */
  categorical?: boolean;
  /** Never a feature (the label, the id). */
  reserved?: readonly (string | undefined)[];
  /**
   * Leave out by default a column missing in more than this share of rows (clustering imputes or
   * skips gaps, so a mostly-empty column would be mostly invented). Named features are always kept.
   */
  maxMissing?: number;
}

/** The share of rows a default clustering feature may miss; past it the column is left out, listed. */
export const MAX_MISSING_SHARE = 0.5;

/** A column missing in more than `maxMissing` of the rows (a default feature choice leaves it out). */
function mostlyMissing(table: Table, column: { missing: number }, maxMissing: number | undefined): boolean {
  return maxMissing !== undefined && table.nRows > 0 && column.missing / table.nRows > maxMissing;
}

/** A column that is not a feature, and why: nothing is left out in silence. */
export interface LeftOut {
  column: string;
  reason: string;
}

/**
 * Every column that is not among `features`, with the reason: the label or id (given or recognised),
 * --exclude, not named in --features, or a type the pipeline cannot use.
 */
export function leftOut(
  table: Table,
  features: readonly string[],
  choice: FeatureChoice & { label?: string; id?: string },
): LeftOut[] {
  const chosen = new Set(features);
  const exclude = new Set(choice.exclude ?? []);
  const out: LeftOut[] = [];
  for (const c of table.schema.columns) {
    if (chosen.has(c.name)) continue;
    let reason: string;
    if (c.name === choice.label) reason = 'the label';
    else if (c.name === choice.id)
      reason = c.role === 'id' ? 'the id, recognised by its unique values or its name' : 'the id';
    else if (exclude.has(c.name)) reason = 'excluded';
    else if (choice.features?.length) reason = 'not among the features named';
    else if (c.role === 'id')
      reason = 'looks like an id, by its unique values or its name; name it in features to use it';
    else if ((c.type === 'numeric' || c.type === 'categorical') && mostlyMissing(table, c, choice.maxMissing))
      reason = `${((100 * c.missing) / table.nRows).toFixed(1)}% missing, more than the ${100 * choice.maxMissing!}% a feature chosen by default may miss; name it in features to use it`;
    else if (c.type === 'date') reason = 'a date';
    else if (c.type === 'text') reason = 'free text, too many distinct values for a category';
    else if (c.type === 'categorical') reason = 'categorical; name it in features to one-hot it';
    else reason = 'not usable';
    out.push({ column: c.name, reason });
  }
  return out;
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
      // A role guess ("possible label") never removes a column: only its type and the id guess do.
      .filter((c) => c.role !== 'id')
      .filter((c) => c.type === 'numeric' || (choice.categorical && c.type === 'categorical'))
      .filter((c) => !mostlyMissing(table, c, choice.maxMissing))
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

/** The values of a money or size column (`--value`): it must exist and be numeric. */
export function valueColumn(table: Table, name: string): Float64Array {
  const col = table.get(name);
  if (!col) throw new UsageError(`${table.source}: value column "${name}" not found`);
  if (col.type !== 'numeric') throw new UsageError(`${table.source}: value column "${name}" is not numeric`);
  return col.values;
}

/**
 * A value column whose shares of the total are reported (Pareto classes, each segment's share): a
 * negative value is refused with its row, since a loss or a return would make a group hold more than
 * all of it.
 */
export function shareColumn(table: Table, name: string): Float64Array {
  const values = valueColumn(table, name);
  for (let i = 0; i < values.length; i++)
    if (values[i] < 0)
      throw new DataError(
        { file: table.source, column: name, row: i + 1 },
        `is ${values[i]}: shares of a total need values of 0 or more (a loss or a return would make a group hold more than all of it); leave such rows out or choose a positive measure`,
      );
  return values;
}
