import { type Chart, CONFIG, SCHEMA, WIDTH } from './spec.js';

export interface SegmentShare {
  segment: string;
  customers: number;
  share: number;
  valueShare?: number;
}

/** Share of customers and share of value per segment, side by side. */
export function segmentSizesChart(rows: readonly SegmentShare[], valueName?: string): Chart {
  const long = rows.flatMap((r) => [
    { segment: r.segment, measure: 'customers', share: r.share, count: r.customers },
    ...(r.valueShare !== undefined
      ? [{ segment: r.segment, measure: valueName ?? 'value', share: r.valueShare, count: r.customers }]
      : []),
  ]);
  return {
    name: 'segment-sizes',
    title: valueName ? `Segment sizes and share of ${valueName}` : 'Segment sizes',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values: long },
      width: WIDTH - 160,
      height: { step: 14 },
      mark: 'bar',
      encoding: {
        y: { field: 'segment', type: 'nominal', title: null, sort: '-x' },
        yOffset: { field: 'measure', type: 'nominal' },
        x: { field: 'share', type: 'quantitative', axis: { format: '%' }, title: 'share' },
        color: { field: 'measure', type: 'nominal', title: null },
        tooltip: [
          { field: 'segment', type: 'nominal' },
          { field: 'measure', type: 'nominal' },
          { field: 'share', type: 'quantitative', format: '.1%' },
          { field: 'count', type: 'quantitative', title: 'customers', format: ',' },
        ],
      },
    },
  };
}
