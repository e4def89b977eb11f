import { readFileSync } from 'node:fs';
import type { Ajv, ValidateFunction } from 'ajv';
import { DataError } from '../errors.js';
import type { CommandName } from '../results/envelope.js';
import { lazyRequire } from '../util/lazy-require.js';
import { packageFile } from '../util/paths.js';

const ajvPackage = lazyRequire<typeof import('ajv')>('ajv');

/**
 * The published JSON Schemas (schemas/*.schema.json, generated from the TypeScript types by
 * `npm run schemas`): every summary, run.json, model.json, the report's documents and scorecards.
 */
export const SCHEMAS = [
  'run',
  'describe-summary',
  'cluster-summary',
  'classify-summary',
  'grade-summary',
  'rfm-summary',
  'pareto-summary',
  'compare-summary',
  'migrate-summary',
  'clv-summary',
  'clv-tracking',
  'clv-alive',
  'clv-distribution',
  'clv-review',
  'assign-summary',
  'assign-headcount',
  'model',
  'profiles',
  'points',
  'rules',
  'segment-rules',
  'pareto-curve',
  'disagreements',
  'follow-up',
  'scorecard',
] as const;
export type SchemaName = (typeof SCHEMAS)[number];

/** The schema of a file in a results folder of `command`. */
export function schemaFor(command: CommandName, file: string): SchemaName {
  switch (file) {
    case 'run.json':
      return 'run';
    case 'summary.json':
      return `${command}-summary`;
    case 'model.json':
      return 'model';
    case 'profiles.json':
      return 'profiles';
    case 'points.json':
      return 'points';
    case 'rules.json':
      return command === 'cluster' ? 'segment-rules' : 'rules';
    case 'curve.json':
      return 'pareto-curve';
    case 'disagreements.json':
      return 'disagreements';
    case 'follow-up.json':
      return 'follow-up';
    case 'tracking.json':
      return 'clv-tracking';
    case 'alive.json':
      return 'clv-alive';
    case 'distribution.json':
      return 'clv-distribution';
    case 'review.json':
      return 'clv-review';
    case 'headcount.json':
      return 'assign-headcount';
    default:
      throw new Error(`no schema for ${file}`);
  }
}

export function schemaPath(name: SchemaName): string {
  return packageFile('schemas', `${name}.schema.json`);
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    ajv ??= new (ajvPackage().Ajv)({ allErrors: false, strict: false });
    v = ajv.compile(JSON.parse(readFileSync(schemaPath(name), 'utf8')));
    compiled.set(name, v);
  }
  return v;
}

/** The first way `json` breaks schema `name`, as "field /a/0/b must be number", or null. */
export function schemaError(name: SchemaName, json: unknown): string | null {
  const v = validator(name);
  if (v(json)) return null;
  const e = v.errors?.[0];
  if (!e) return 'does not match';
  const field = e.instancePath || '(the top level)';
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
      : '';
  return `field ${field} ${e.message ?? 'is wrong'}${extra}`;
}

/** `json` when it matches schema `name`; else a one-line DataError naming the file and the field. */
export function validateDocument(path: string, name: SchemaName, json: unknown): unknown {
  const why = schemaError(name, json);
  if (why) throw new DataError({ file: path }, `does not match the ${name} schema: ${why}`);
  return json;
}
