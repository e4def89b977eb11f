import { describe, expect, it } from 'vitest';
import {
  breaches,
  cycles,
  edges,
  functionLengths,
  LAYERS,
  MAX_FUNCTION_LINES,
  RULES,
} from '../scripts/structure.js';

describe('the code keeps its shape (npm run structure prints it)', () => {
  const all = edges();

  it('reads the imports, type-only ones included', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((e) => e.typeOnly)).toBe(true);
    expect(all.some((e) => e.from === 'cli/main.ts' && e.to === 'index.ts')).toBe(true);
  });

  it('has no import cycle among src/ files', () => {
    expect(cycles(all)).toEqual([]);
  });

  it('finds a cycle and a breach when there is one (the checks can fail)', () => {
    const planted = [
      { from: 'data/a.ts', to: 'data/b.ts', line: 1, typeOnly: true },
      { from: 'data/b.ts', to: 'data/a.ts', line: 3, typeOnly: false },
      { from: 'prep/recipe.ts', to: 'model/tree.ts', line: 2, typeOnly: true },
      { from: 'data/load.ts', to: 'cluster/pipeline.ts', line: 4, typeOnly: false },
    ];
    expect(cycles(planted)).toEqual([['data/a.ts', 'data/b.ts']]);
    expect(breaches(planted)).toEqual([
      'src/prep/recipe.ts:2 imports src/model/tree.ts: the recipe is part of a model, not the other way round',
      'src/data/load.ts:4 imports src/cluster/pipeline.ts, a layer above data',
    ]);
  });

  it('every folder imports only downward, and the named layer rules hold', () => {
    for (const r of RULES) expect(LAYERS.flat(), r.from).toContain(r.from);
    expect(breaches(all)).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const lengths = functionLengths();
    const [longest] = lengths;
    const over = lengths
      .filter((f) => f.lines > MAX_FUNCTION_LINES)
      .map((f) => `${f.lines} ${f.where} ${f.name}`);
    expect(over, `longest: ${longest.lines} lines, ${longest.name} at ${longest.where}`).toEqual([]);
  });
});
