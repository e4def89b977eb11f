import type { HeadcountPoint } from '../../assign/assign-run.js';
import { type Chart, CONFIG, HEIGHT, SCHEMA, WIDTH } from './spec.js';

/** The value of the plan as each managed tier grows one manager at a time, one line per tier. */
export function headcountChart(points: readonly HeadcountPoint[], valueName: string): Chart {
  const values = points.map((p) => ({
    tier: p.tier,
    managers: p.managers,
    added: p.added,
    objective: p.objective,
    like: p.like ?? 'the staff as given',
  }));
  return {
    name: 'headcount',
    title: 'What more managers would add',
    note: 'Each step adds one manager to a tier, modelled on the one whose slot was worth most (same attributes and span); the other tiers stay as given.',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'added',
          type: 'quantitative',
          axis: { tickMinStep: 1, format: 'd' },
          title: 'managers added to the tier',
        },
        y: {
          field: 'objective',
          type: 'quantitative',
          scale: { zero: false },
          title: `weighted ${valueName} served`,
        },
        color: { field: 'tier', type: 'nominal', title: 'tier' },
        tooltip: [
          { field: 'tier', type: 'nominal' },
          { field: 'managers', type: 'quantitative', title: 'managers in the tier' },
          { field: 'objective', type: 'quantitative', format: ',.0f', title: 'weighted value' },
          { field: 'like', type: 'nominal', title: 'modelled on' },
        ],
      },
    },
  };
}
