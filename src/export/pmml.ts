import { UsageError } from '../errors.js';
import type { KMeansModel, Model, TreeModel } from '../model/model-file.js';
import { majorityClass } from '../model/saved-tree.js';
import { modelInputs } from '../prep/model-inputs.js';
import type { Recipe, RecipeStep } from '../prep/recipe.js';
import { VERSION } from '../version.js';
import { CLV_EXPORT } from './sql.js';

/**
 * Text for an XML attribute. Tab, CR and LF become character references (a parser would turn them
 * into spaces); other control characters cannot be written in XML 1.0 at all, so they are refused.
 */
const x = (s: string) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(s);
  if (bad)
    throw new UsageError(
      `${JSON.stringify(s)}: holds the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which PMML (XML 1.0) cannot carry; rename it or export as SQL`,
    );
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
};
const n = (v: number) => String(v);

/** The name of each model input (recipe output) as a PMML field, and the derived fields behind them. */
function transformations(recipe: Recipe): { inputs: string[]; derived: string[] } {
  const inputs: string[] = [];
  const derived: string[] = [];
  for (const input of modelInputs(recipe)) {
    if (input.kind === 'level') {
      const { step: s, level, name } = input;
      derived.push(
        `    <DerivedField name="${x(name)}" optype="continuous" dataType="double"><NormDiscrete field="${x(s.name)}" value="${x(level)}"/></DerivedField>`,
      );
      inputs.push(name);
      continue;
    }
    const s = input.step;
    const identity = !s.log && s.center === 0 && s.scale === 1;
    if (identity) {
      inputs.push(s.name);
      continue;
    }
    let e = `<FieldRef field="${x(s.name)}"/>`;
    if (s.log)
      e = `<Apply function="ln"><Apply function="+"><Constant dataType="double">1</Constant><Apply function="max">${e}<Constant dataType="double">0</Constant></Apply></Apply></Apply>`;
    if (s.center !== 0)
      e = `<Apply function="-">${e}<Constant dataType="double">${n(s.center)}</Constant></Apply>`;
    if (s.scale !== 1)
      e = `<Apply function="/">${e}<Constant dataType="double">${n(s.scale)}</Constant></Apply>`;
    const name = `${s.name}__scaled`;
    derived.push(
      `    <DerivedField name="${x(name)}" optype="continuous" dataType="double">${e}</DerivedField>`,
    );
    inputs.push(name);
  }
  return { inputs, derived };
}

function dataField(s: RecipeStep): string {
  if (s.kind === 'numeric')
    return `    <DataField name="${x(s.name)}" optype="continuous" dataType="double"/>`;
  return `    <DataField name="${x(s.name)}" optype="categorical" dataType="string">${s.levels.map((l) => `<Value value="${x(l)}"/>`).join('')}</DataField>`;
}

/** Missing values: the recipe's imputation (trees route missing numbers themselves: defaultChild). */
function miningField(s: RecipeStep, keepMissing: boolean): string {
  if (s.kind === 'numeric') {
    if (keepMissing) return `      <MiningField name="${x(s.name)}"/>`;
    return `      <MiningField name="${x(s.name)}" missingValueReplacement="${n(s.impute)}" missingValueTreatment="asMedian"/>`;
  }
  return `      <MiningField name="${x(s.name)}" missingValueReplacement="${x(s.impute)}" missingValueTreatment="asMode"/>`;
}

/**
 * PMML 4.4: a TreeModel or a ClusteringModel, with the recipe (log, scaling, one-hot) as a
 * TransformationDictionary and imputation in the MiningSchema, for Spark, KNIME and other consumers.
 */
export function exportPmml(model: Model): string {
  if (model.kind === 'clv') throw new UsageError(CLV_EXPORT);
  if (model.kind === 'kmeans' && model.state.method)
    // PMML's ClusteringModel has no Gower (missing variables skipped) and no per-model γ-weighted modes
    // that Strata could write so that every consumer scores as Strata does.
    throw new UsageError(
      `PMML cannot carry a ${model.state.method} model exactly; export it as SQL instead, which scores exactly as Strata does`,
    );
  const { inputs, derived } = transformations(model.recipe);
  const fields = model.recipe.steps.map(dataField);
  const target = model.kind === 'tree' ? model.state : null;
  if (target) {
    fields.push(
      `    <DataField name="${x(target.label)}" optype="categorical" dataType="string">${target.classes.map((c) => `<Value value="${x(c)}"/>`).join('')}</DataField>`,
    );
  }
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
  <Header description="${x(`Strata ${model.kind === 'tree' ? 'decision tree' : 'k-means'} model trained on ${model.training.source} (${model.training.rows} rows)`)}">
    <Application name="Strata" version="${x(VERSION)}"/>
  </Header>
  <DataDictionary numberOfFields="${fields.length}">
${fields.join('\n')}
  </DataDictionary>
  <TransformationDictionary>
${derived.join('\n')}
  </TransformationDictionary>
`;
  const body = model.kind === 'tree' ? treeModel(model, inputs) : clusteringModel(model, inputs);
  return `${head}${body}</PMML>\n`;
}

function treeModel(m: TreeModel, inputs: string[]): string {
  const s = m.state;
  const C = s.classes.length;
  const keep = !!m.recipe.keepMissing;
  const node = (i: number, predicate: string, indent: string): string => {
    const v = s.value[i];
    const total = v.reduce((a, b) => a + b, 0);
    const best = majorityClass(v, 0, C);
    const dist = s.classes
      .map(
        (c, k) =>
          `${indent}  <ScoreDistribution value="${x(c)}" recordCount="${n(v[k])}" confidence="${n(total > 0 ? v[k] / total : 0)}"/>`,
      )
      .join('\n');
    const leaf = s.feature[i] < 0;
    const def = leaf ? '' : ` defaultChild="${s.missingLeft[i] ? s.left[i] : s.right[i]}"`;
    const open = `${indent}<Node id="${i}" score="${x(s.classes[best])}" recordCount="${n(total)}"${def}>\n${indent}  ${predicate}\n${dist}`;
    if (leaf) return `${open}\n${indent}</Node>`;
    const f = x(inputs[s.feature[i]]);
    const t = n(s.threshold[i]);
    const left = node(
      s.left[i],
      `<SimplePredicate field="${f}" operator="lessOrEqual" value="${t}"/>`,
      `${indent}  `,
    );
    const right = node(
      s.right[i],
      `<SimplePredicate field="${f}" operator="greaterThan" value="${t}"/>`,
      `${indent}  `,
    );
    return `${open}\n${left}\n${right}\n${indent}</Node>`;
  };
  return `  <TreeModel modelName="strata-tree" functionName="classification" algorithmName="CART" splitCharacteristic="binarySplit" missingValueStrategy="defaultChild" noTrueChildStrategy="returnLastPrediction">
    <MiningSchema>
      <MiningField name="${x(s.label)}" usageType="target"/>
${m.recipe.steps.map((st) => miningField(st, keep)).join('\n')}
    </MiningSchema>
${node(0, '<True/>', '    ')}
  </TreeModel>
`;
}

function clusteringModel(m: KMeansModel, inputs: string[]): string {
  const s = m.state;
  const clusters = s.centroids
    .map(
      (c, j) =>
        `    <Cluster id="${j}" name="${x(s.names[j])}"><Array n="${c.length}" type="real">${c.map(n).join(' ')}</Array></Cluster>`,
    )
    .join('\n');
  return `  <ClusteringModel modelName="strata-kmeans" functionName="clustering" algorithmName="k-means" modelClass="centerBased" numberOfClusters="${s.k}">
    <MiningSchema>
${m.recipe.steps.map((st) => miningField(st, false)).join('\n')}
    </MiningSchema>
    <ComparisonMeasure kind="distance"><squaredEuclidean/></ComparisonMeasure>
${inputs.map((f) => `    <ClusteringField field="${x(f)}"/>`).join('\n')}
${clusters}
  </ClusteringModel>
`;
}
