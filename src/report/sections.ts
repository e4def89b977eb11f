import type { Envelope, Warning } from '../results/envelope.js';
import type { Chart } from './charts/spec.js';
import type { Part } from './parts.js';
import { classifySection, clusterSection } from './sections-learn.js';
import { compareSection, gradeSection, migrateSection, paretoSection, rfmSection } from './sections-tiers.js';
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

/** The report section of one results part, built from its documents (in memory or read back). */
export function section(p: Part): Section {
  const body = sectionBody(p);
  return { ...body, warnings: p.json<Envelope>('summary.json').warnings };
}

export type Body = Omit<Section, 'warnings'>;

function sectionBody(p: Part): Body {
  switch (p.run.command) {
    case 'describe':
      return { part: p, title: 'Columns', words: [], charts: [], tables: [] };
    case 'cluster':
      return clusterSection(p);
    case 'classify':
      return classifySection(p);
    case 'grade':
      return gradeSection(p);
    case 'rfm':
      return rfmSection(p);
    case 'pareto':
      return paretoSection(p);
    case 'compare':
      return compareSection(p);
    case 'migrate':
      return migrateSection(p);
  }
}
