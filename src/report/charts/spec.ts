import type { TopLevelSpec } from 'vega-lite';

export type Spec = TopLevelSpec;

export interface Chart {
  /** File name stem and HTML id: lower-case, dashes. */
  name: string;
  title: string;
  spec: Spec;
  /** Said under the chart, e.g. that points were sampled. */
  note?: string;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const WIDTH = 560;
export const HEIGHT = 320;

/** Shared look: readable fonts, no chart border. */
export const CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 340 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 340 },
} as const;

const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype']);

/**
 * A title that came from data, safe as a Vega-Lite tooltip title: Vega writes tooltip titles as the
 * keys of an object in an expression and refuses keys such as "constructor"; a trailing space keeps
 * the text a reader sees.
 */
export function safeTitle(title: string): string {
  return RESERVED.has(title) ? `${title} ` : title;
}
