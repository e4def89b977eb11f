/** Columnar, typed data. Numbers live in typed arrays; missing is NaN or code -1. */

export type ColumnType = 'numeric' | 'categorical' | 'date' | 'text';
export type Role = 'id' | 'numeric' | 'categorical' | 'date' | 'text' | 'label';

export interface NumericColumn {
  readonly name: string;
  readonly type: 'numeric';
  /** NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly type: 'categorical';
  /** Index into `levels`; -1 marks a missing value. */
  readonly codes: Int32Array;
  /** Sorted, distinct. */
  readonly levels: readonly string[];
}

export interface DateColumn {
  readonly name: string;
  readonly type: 'date';
  /** Milliseconds since the epoch (UTC); NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface TextColumn {
  readonly name: string;
  readonly type: 'text';
  readonly values: readonly (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn | DateColumn | TextColumn;

export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  /** What the column most likely is for; `label` means "possibly a class label". */
  readonly role: Role;
  readonly missing: number;
  readonly distinct: number;
}

export interface Schema {
  readonly columns: readonly ColumnInfo[];
}

export class Table {
  readonly nRows: number;
  readonly columns: readonly Column[];
  readonly schema: Schema;
  /** Where the data came from, for messages. */
  readonly source: string;
  private readonly byName: Map<string, number>;

  constructor(columns: readonly Column[], schema: Schema, source: string, nRows?: number) {
    this.columns = columns;
    this.schema = schema;
    this.source = source;
    this.nRows = nRows ?? (columns.length ? columnLength(columns[0]) : 0);
    this.byName = new Map(columns.map((c, i) => [c.name, i]));
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The column called `name`, or undefined. */
  get(name: string): Column | undefined {
    const i = this.byName.get(name);
    return i === undefined ? undefined : this.columns[i];
  }

  info(name: string): ColumnInfo | undefined {
    return this.schema.columns.find((c) => c.name === name);
  }

  /** A new table with only the named columns, in the given order. */
  select(names: readonly string[]): Table {
    const cols = names.map((n) => {
      const c = this.get(n);
      if (!c) throw new Error(`no column ${n}`);
      return c;
    });
    const infos = names.map((n) => this.info(n)!);
    return new Table(cols, { columns: infos }, this.source, this.nRows);
  }

  /** A new table with the rows at `index` (in that order). */
  take(index: Int32Array | readonly number[]): Table {
    const cols = this.columns.map((c) => takeColumn(c, index));
    return new Table(cols, this.schema, this.source, index.length);
  }

  /** The value at (row, column) as display text; '' when missing. */
  text(name: string, row: number): string {
    const c = this.get(name);
    return c ? cellText(c, row) : '';
  }
}

export function columnLength(c: Column): number {
  return c.type === 'categorical' ? c.codes.length : c.values.length;
}

export function isMissing(c: Column, row: number): boolean {
  switch (c.type) {
    case 'numeric':
    case 'date':
      return Number.isNaN(c.values[row]);
    case 'categorical':
      return c.codes[row] < 0;
    case 'text':
      return c.values[row] === null;
  }
}

export function cellText(c: Column, row: number): string {
  switch (c.type) {
    case 'numeric': {
      const v = c.values[row];
      return Number.isNaN(v) ? '' : numberText(v);
    }
    case 'date': {
      const v = c.values[row];
      return Number.isNaN(v) ? '' : formatDate(v);
    }
    case 'categorical': {
      const k = c.codes[row];
      return k < 0 ? '' : c.levels[k];
    }
    case 'text':
      return c.values[row] ?? '';
  }
}

/** Shortest text that reads back as the same number; integers without ".0". */
export function numberText(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
}

export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19).replace('T', ' ') : iso;
}

function takeColumn(c: Column, index: Int32Array | readonly number[]): Column {
  const n = index.length;
  switch (c.type) {
    case 'numeric':
    case 'date': {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[index[i]];
      return { ...c, values: v };
    }
    case 'categorical': {
      const k = new Int32Array(n);
      for (let i = 0; i < n; i++) k[i] = c.codes[index[i]];
      return { ...c, codes: k };
    }
    case 'text': {
      const v: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[index[i]];
      return { ...c, values: v };
    }
  }
}
