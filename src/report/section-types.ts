import type { Warning } from '../results/envelope.js';
import type { Chart } from './charts/spec.js';
import type { Part } from './parts.js';
import type { TreeOutline } from './tree-nodes.js';

export interface ReportTable {
  title: string;
  header: string[];
  rows: string[][];
  /** Long tables get a search box and sortable columns in the HTML report. */
  interactive?: boolean;
}

export interface Section {
  part: Part;
  title: string;
  /** What the user should know first (the summary's warnings). */
  warnings: Warning[];
  /** Sentences, plain text. */
  words: string[];
  charts: Chart[];
  /** A decision tree as an outline that opens node by node (HTML only; the chart is its picture). */
  outline?: TreeOutline;
  tables: ReportTable[];
}

export type Body = Omit<Section, 'warnings'>;
