import type { Model } from '../model/model-file.js';
import type { Envelope } from './envelope.js';

/** Writes a table as CSV text, in blocks for large ones. */
export type TableWriter = (write: (text: string) => void) => void;

/**
 * What every pipeline returns: its summary (exactly the command's `--json`), the JSON documents
 * and tables a results folder holds, and its model where it has one. The report and `strata
 * report DIR` are built from the same documents (see report/parts.ts).
 */
export interface Result<S extends Envelope = Envelope> {
  summary: S;
  /** JSON documents besides summary.json and run.json, by file name (model.json, profiles.json, …). */
  documents: Map<string, unknown>;
  /** CSV and text files by name (assignments.csv, rules.txt, …). */
  tables: Map<string, TableWriter>;
  model?: Model;
}
