import { isAbsolute, relative } from 'node:path';
import { readNotes } from '../data/read-notes.js';
import { VERSION } from '../version.js';

export type CommandName =
  | 'describe'
  | 'cluster'
  | 'classify'
  | 'grade'
  | 'rfm'
  | 'pareto'
  | 'compare'
  | 'migrate'
  | 'clv'
  | 'assign';

/** Something a user should know about a run: also printed by the CLI and shown atop the report. */
export interface Warning {
  /** Stable, for scripts: e.g. "class-never-predicted". */
  code: string;
  message: string;
}

export interface InputInfo {
  /** The file as the user named it (relative to the working folder when inside it). */
  file: string;
  rows: number;
}

/** A value of a resolved option, as JSON writes it. */
export type ParameterValue =
  | string
  | number
  | boolean
  | null
  | string[]
  | number[]
  | { [key: string]: number }
  | { [key: string]: string };

/** The head of every summary: the `--json` of every command starts with these fields. */
export interface Envelope {
  command: CommandName;
  /** The Strata version that produced it. */
  version: string;
  /** One input, or a list for two-file commands (migrate). */
  input: InputInfo | InputInfo[];
  /** Every resolved option, the seed included. */
  parameters: { [name: string]: ParameterValue };
  warnings: Warning[];
}

/** `run.json`: what produced a results folder (the report's header reads it). */
export interface RunFile {
  command: CommandName;
  version: string;
  input: InputInfo | InputInfo[];
  parameters: { [name: string]: ParameterValue };
  /** ISO time; SOURCE_DATE_EPOCH (seconds) fixes it for reproducible builds. */
  created: string;
}

/** A file inside the working folder is shown as the user would type it. */
export function shownPath(source: string): string {
  const rel = isAbsolute(source) ? relative(process.cwd(), source) : source;
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : source;
}

/** Drops undefined and functions, so `parameters` holds exactly what JSON writes. */
function cleanParameters(parameters: Record<string, unknown>): Envelope['parameters'] {
  const out: Envelope['parameters'] = {};
  for (const [k, v] of Object.entries(parameters)) {
    if (v === undefined || typeof v === 'function') continue;
    out[k] = v as ParameterValue;
  }
  return out;
}

export function envelope(
  command: CommandName,
  input: InputInfo | InputInfo[],
  parameters: Record<string, unknown>,
  warnings: Warning[] = [],
): Envelope {
  const shown = (i: InputInfo) => ({ file: shownPath(i.file), rows: i.rows });
  const inputs = Array.isArray(input) ? input : [input];
  // What reading each input did (a default missing token emptying a column) comes first.
  const read = inputs.flatMap((i) => readNotes(i.file).map((n) => ({ code: n.code, message: n.message })));
  return {
    command,
    version: VERSION,
    input: Array.isArray(input) ? input.map(shown) : shown(input),
    parameters: cleanParameters(parameters),
    warnings: [...read, ...warnings],
  };
}

export function runFile(e: Envelope): RunFile {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const created = (
    Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()
  ).toISOString();
  return { command: e.command, version: e.version, input: e.input, parameters: e.parameters, created };
}

/** The inputs of a run as a list. */
export function inputsOf(r: Pick<RunFile, 'input'>): InputInfo[] {
  return Array.isArray(r.input) ? r.input : [r.input];
}
