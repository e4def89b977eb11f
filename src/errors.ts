/**
 * Errors a user can fix. The CLI prints `message` as one line and exits with
 * `exitCode`: 1 for bad data, 2 for bad usage. Anything else is a bug.
 */
export class StrataError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'StrataError';
    this.exitCode = exitCode;
  }
}

export interface Where {
  file?: string;
  row?: number;
  column?: string;
}

function prefix(where: Where): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

/** Bad data: exit code 1. */
export class DataError extends StrataError {
  readonly where: Where;
  constructor(where: Where, message: string) {
    super(prefix(where) + message, 1);
    this.name = 'DataError';
    this.where = where;
  }
}

/** Bad usage (flags, options, parameters): exit code 2. */
export class UsageError extends StrataError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/**
 * A library option out of range or of the wrong type: "maxDepth must be an integer ≥ 1 (got 0)".
 * The CLI says the same with the flag's name ("--max-depth must be …").
 */
export class OptionError extends UsageError {
  readonly option: string;
  readonly detail: string;
  constructor(option: string, detail: string) {
    super(`${option} ${detail}`);
    this.name = 'OptionError';
    this.option = option;
    this.detail = detail;
  }
}
