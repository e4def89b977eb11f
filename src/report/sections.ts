import type { Envelope } from '../results/envelope.js';
import type { Part } from './parts.js';
import type { Body, Section } from './section-types.js';
import { assignSection } from './sections-assign.js';
import { clvSection } from './sections-clv.js';
import { classifySection, clusterSection } from './sections-learn.js';
import { compareSection, gradeSection, migrateSection, paretoSection, rfmSection } from './sections-tiers.js';

export type { Body, ReportTable, Section } from './section-types.js';

/** The report section of one results part, built from its documents (in memory or read back). */
export function section(p: Part): Section {
  const body = sectionBody(p);
  return { ...body, warnings: p.json<Envelope>('summary.json').warnings };
}

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
    case 'clv':
      return clvSection(p);
    case 'assign':
      return assignSection(p);
  }
}
