import type { CategoricalStep, NumericStep, Recipe, RecipeStep } from './steps.js';

/** One input of a model: a recipe output column, from a numeric column or one level of a category. */
export type ModelInput =
  | { kind: 'numeric'; step: NumericStep; name: string }
  | { kind: 'level'; step: CategoricalStep; level: string; name: string };

/**
 * The model's input columns in order — every numeric column, then every level of every category.
 * The recipe, the rules, the SQL and the PMML exports all read the order from here, so a model
 * scores the same wherever it runs.
 */
export function modelInputs(recipe: Pick<Recipe, 'steps'>): ModelInput[] {
  const out: ModelInput[] = [];
  for (const step of recipe.steps)
    if (step.kind === 'numeric') out.push({ kind: 'numeric', step, name: step.name });
  for (const step of recipe.steps) {
    if (step.kind !== 'categorical') continue;
    for (const level of step.levels) out.push({ kind: 'level', step, level, name: `${step.name}=${level}` });
  }
  return out;
}

/** The index of each step's first input column. */
export function firstInputOf(recipe: Pick<Recipe, 'steps'>): Map<RecipeStep, number> {
  const first = new Map<RecipeStep, number>();
  modelInputs(recipe).forEach((input, j) => {
    if (!first.has(input.step)) first.set(input.step, j);
  });
  return first;
}
