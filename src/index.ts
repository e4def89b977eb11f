/** Strata's public API. */

export type { AssignRun, Bumped, HeadcountPoint, ManagerBook, Move, TierUse } from './assign/assign-run.js';
export type { Manager, Staff, StaffTier } from './assign/staff.js';
export { readStaff, validateStaff } from './assign/staff.js';
export type {
  CartOptions,
  ClassWeight,
  FittedTree,
  ResolvedCart,
  SplitMethod,
  TreePrediction,
} from './classify/cart.js';
export { CART_DEFAULTS, fitTree, HISTOGRAM_FROM_ROWS, predictTree, resolveCart } from './classify/cart.js';
export type { ClassifyOptions, ClassifyRun, ResolvedClassify } from './classify/classify-table.js';
export {
  CLASSIFY_DEFAULTS,
  CLASSIFY_OPTIONS,
  classifyTable,
  resolveClassify,
} from './classify/classify-table.js';
export type { CvResult, FoldPlan, Scoring, TuneCandidate, TuneResult } from './classify/cv.js';
export { crossValidate, SCORINGS, stratifiedFolds, tune } from './classify/cv.js';
export type { Importance } from './classify/importance.js';
export { importances, impurityImportance } from './classify/importance.js';
export type { SplitCriterion } from './classify/impurity.js';
export type { ClassMetrics, KappaWeights, Metrics } from './classify/metrics.js';
export { cohenKappa, confusionMatrix, evaluate } from './classify/metrics.js';
export type { TreePredictions } from './classify/predict-tree.js';
export { predictWithTree } from './classify/predict-tree.js';
export { pruneTree, pruningPath } from './classify/prune.js';
export type { Condition, Rule } from './classify/rules.js';
export { explainRow, extractRules } from './classify/rules.js';
export type { TrainingSet } from './classify/training-set.js';
export type { KScan, KScanOptions, KScanRow } from './cluster/choose-k.js';
export { kneedle, scanK } from './cluster/choose-k.js';
export type { ClusterOptions, ClusterRun, ResolvedCluster } from './cluster/cluster-table.js';
export { CLUSTER_DEFAULTS, CLUSTER_OPTIONS, clusterTable, resolveCluster } from './cluster/cluster-table.js';
export type { KMeansAlgorithm, KMeansOptions, KMeansResult } from './cluster/kmeans.js';
export { assign as nearestCentres, KMEANS_DEFAULTS, kmeans } from './cluster/kmeans.js';
export type { ClaraOptions, Dissimilarity, KMedoidsOptions, KMedoidsResult } from './cluster/kmedoids.js';
export {
  CLARA_DEFAULTS,
  clara,
  fasterPam,
  gowerDissimilarity,
  KMEDOIDS_DEFAULTS,
  PAM_LIMIT,
} from './cluster/kmedoids.js';
export type { KPrototypesOptions, KPrototypesResult } from './cluster/kprototypes.js';
export { defaultGamma, KPROTOTYPES_DEFAULTS, kprototypes } from './cluster/kprototypes.js';
export type { AssignedBatch, LargeClusterOptions, LargeClusterRun } from './cluster/large.js';
export { clusterFile, LARGE_CLUSTER_DEFAULTS, LARGE_CLUSTER_OPTIONS } from './cluster/large.js';
export type { ClusterFit, ClusterMethod, ClusterMethodName, MethodFit } from './cluster/methods.js';
export { CLUSTER_METHODS, methodOf } from './cluster/methods.js';
export type { MixedCenters, MixedData } from './cluster/mixed.js';
export { gower, mixedOf } from './cluster/mixed.js';
export type { ClusterPrediction } from './cluster/predict-clusters.js';
export { predictClusters } from './cluster/predict-clusters.js';
export type {
  CategoryProfile,
  ClusterProfile,
  LevelShare,
  NumericProfile,
  Profiles,
  Trait,
} from './cluster/profile.js';
export { profileClusters } from './cluster/profile.js';
export {
  adjustedRandIndex,
  calinskiHarabasz,
  daviesBouldin,
  SILHOUETTE_EXACT_LIMIT,
  silhouette,
  silhouetteWith,
} from './cluster/quality.js';
export { readAssignments, readNames } from './cluster/segment-files.js';
export type { ClusterRule, ClusterRuleList, SegmentRules } from './cluster/segment-rules.js';
export { RULES_SAMPLE, segmentRules } from './cluster/segment-rules.js';
export type { SegmentStability, Stability, StabilityReading } from './cluster/stability.js';
export { readingOf, stability } from './cluster/stability.js';
export type { BgNbdParams } from './clv/bgnbd.js';
export { bgnbdAlive, bgnbdExpected, bgnbdLogLikelihood, bgnbdUnconditional } from './clv/bgnbd.js';
export { readClv, withClvColumn } from './clv/clv-column.js';
export type { ClvModelKind, ClvOptions, ResolvedClv, TierAssignment, TimeUnit } from './clv/clv-options.js';
export {
  CLV_DEFAULTS,
  CLV_MODELS,
  CLV_OPTIONS,
  resolveClv,
  TIME_UNITS,
  UNIT_DAYS,
} from './clv/clv-options.js';
export type { ClvRun } from './clv/clv-run.js';
export type { CustomerHistory } from './clv/customer-value.js';
export { expectedPurchases, expectedSpend, lifetimeValue, probabilityAlive } from './clv/customer-value.js';
export type { PurchaseModel, PurchaseParams } from './clv/fit.js';
export { purchaseModel } from './clv/fit.js';
export type { SpendParams } from './clv/gamma-gamma.js';
export { spendLogLikelihood } from './clv/gamma-gamma.js';
export type { PnbdParams } from './clv/pnbd.js';
export { pnbdAlive, pnbdExpected, pnbdLogLikelihood, pnbdUnconditional } from './clv/pnbd.js';
export type { ClvPredictions } from './clv/predict-clv.js';
export { predictClv, purchaseModelOf } from './clv/predict-clv.js';
export type { Triples } from './clv/triples.js';
export { compress } from './clv/triples.js';
export type { DataRecord, FileFormat, LoadOptions, RecordValue } from './data/load.js';
export { formatOf, load } from './data/load.js';
export type {
  CategoricalColumn,
  Column,
  ColumnInfo,
  ColumnType,
  DateColumn,
  NumericColumn,
  Role,
  Schema,
  TextColumn,
} from './data/table.js';
export { cellText, isMissing, Table } from './data/table.js';
export type { DbClassifyOptions, DbClassifyRun } from './db/classify-database.js';
export {
  classifyDatabase,
  DB_CLASSIFY_DEFAULTS,
  DB_CLASSIFY_OPTIONS,
  DB_DEFAULT_DEPTH,
  hashFold,
  hashFoldSql,
} from './db/classify-database.js';
export type { DbClusterOptions, DbClusterRun } from './db/cluster-database.js';
export { clusterDatabase, DB_CLUSTER_DEFAULTS, DB_CLUSTER_OPTIONS } from './db/cluster-database.js';
export type { DbClvOptions, DbClvRun } from './db/clv-database.js';
export { clvDatabase, DB_CLV_OPTIONS } from './db/clv-database.js';
export type { Database, DatabaseDialect } from './db/connect.js';
export { connect, safeLabel } from './db/connect.js';
export type { DbDescribeOptions } from './db/describe-database.js';
export { DB_DESCRIBE_DEFAULTS, DB_DESCRIBE_OPTIONS, describeDatabase } from './db/describe-database.js';
export type { DbKMeansOptions, DbKMeansResult, DbSource } from './db/kmeans-database.js';
export { kmeansInDatabase } from './db/kmeans-database.js';
export type { KMeansParallelOptions, KMeansParallelResult } from './db/kmeans-parallel.js';
export { kmeansParallel } from './db/kmeans-parallel.js';
export type { DbParetoOptions } from './db/pareto-database.js';
export { paretoDatabase } from './db/pareto-database.js';
export { predictInto } from './db/predict-database.js';
export type { DbRfmOptions } from './db/rfm-database.js';
export { DB_RFM_OPTIONS, rfmDatabase } from './db/rfm-database.js';
export { fromClause } from './db/source.js';
export { DataError, OptionError, StrataError, UsageError } from './errors.js';
export { exportPmml } from './export/pmml.js';
export type { Dialect, SqlOptions } from './export/sql.js';
export { DIALECTS, exportSql, SQL_DEFAULTS } from './export/sql.js';
export { validateScorecard } from './grade/card-schema.js';
export type { FollowUpList, FollowUpTier, TierBySegment } from './grade/follow-up.js';
export type { ParetoOptions, ParetoResult } from './grade/pareto-view.js';
export { PARETO_DEFAULTS, PARETO_OPTIONS, pareto as paretoView } from './grade/pareto-view.js';
export { readSegmentGrid } from './grade/rfm-grid-file.js';
export type { ResolvedRfm, RfmCustomer, RfmOptions, RfmResult, RfmSegment } from './grade/rfm-scores.js';
export { computeRfm, DEFAULT_SEGMENTS, RFM_DEFAULTS, RFM_OPTIONS, segmentOf } from './grade/rfm-scores.js';
export type {
  Adjustment,
  Band,
  GradeResult,
  Policy,
  ScoreCriterion,
  Scorecard,
  Tier,
} from './grade/scorecard.js';
export { gradeTable, readScorecard, scoreRange, tierOf } from './grade/scorecard.js';
export type { Comparison, Disagreement, Migration } from './grade/tier-agreement.js';
export { compareTiers, migrate as migrateTiers, tierOrder } from './grade/tier-agreement.js';
export { readTiers } from './grade/tier-files.js';
export type {
  ClvModel,
  FeatureModel,
  KMeansModel,
  Medoid,
  Model,
  ModelKind,
  TreeModel,
} from './model/model-file.js';
export { loadModel, MODEL_FORMAT, MODEL_VERSION, saveModel, validateModel } from './model/model-file.js';
export type { TreeArrays } from './model/tree-model.js';
export type { OptionSpec, Resolved, Spec as OptionsSpec, Units } from './options.js';
export {
  checkOptions,
  DEFAULT_SEED,
  defaultText,
  describeOption,
  fromText,
  resolveOptions,
  unitsFrom,
} from './options.js';
export type {
  CategoricalStep,
  LogSpec,
  Matrix,
  NumericStep,
  Recipe,
  RecipeOptions,
  RecipeStep,
  ScaleMethod,
} from './prep/recipe.js';
export { applyRecipe, fitRecipe, inverseNumeric } from './prep/recipe.js';
export type { OnProgress, ProgressEvent } from './progress.js';
export { classMetricsChart, countBarsChart, importanceChart } from './report/charts/bars.js';
export { clusterScatterChart } from './report/charts/cluster-scatter.js';
export { featureBoxplotsChart } from './report/charts/feature-boxplots.js';
export { crossTableChart } from './report/charts/heatmap.js';
export { kScanChart } from './report/charts/k-scan.js';
export { paretoCurveChart } from './report/charts/pareto-curve.js';
export { profileHeatmapChart } from './report/charts/profile-heatmap.js';
export type { RfmCell } from './report/charts/rfm-grid.js';
export { rfmGridChart } from './report/charts/rfm-grid.js';
export { segmentSizesChart } from './report/charts/segment-sizes.js';
export type { Chart, Spec } from './report/charts/spec.js';
export { treeChart } from './report/charts/tree-chart.js';
export { chartsOf, reportOf, sectionOf } from './report/of-results.js';
export type { Part } from './report/parts.js';
export { partOfResult, readParts } from './report/parts.js';
// Reports and charts. vega / vega-lite load lazily inside renderSvg, so `require('strata')` works
// (tslab notebooks) even though their module graphs use top-level await.
export { renderSvg, svgToPng } from './report/render.js';
export type { Section } from './report/sections.js';
export { type Display, htmlOf, type Showable, type ShowTable, show } from './report/show.js';
export { type TreeOutline, treeNodes, treeOutline } from './report/tree-nodes.js';
export type { WrittenReport } from './report/write.js';
export { writeReport } from './report/write.js';
export type { AssignOptions, AssignResult, AssignSummary, HeadcountCurve } from './results/assign.js';
export { ASSIGN_DEFAULTS, ASSIGN_OPTIONS, assign } from './results/assign.js';
export type {
  ClassifyResult,
  ClassifySummary,
  ClassMetricsSummary,
  RuleSummary,
} from './results/classify.js';
export { classify, classifyResultOf, classifySummary } from './results/classify.js';
export type {
  ClusterResult,
  ClusterResultFrom,
  ClusterSummary,
  DatabaseRunInfo,
  KScanSummaryRow,
  SegmentSummary,
} from './results/cluster.js';
export {
  assignmentsCsv,
  cluster,
  clusterResultOf,
  clusterSummary,
  streamedAssignments,
} from './results/cluster.js';
export type {
  AliveGrid,
  ClvDistribution,
  ClvResult,
  ClvReview,
  ClvSummary,
  TrackingDocument,
} from './results/clv.js';
export { clv, clvResultOf, clvSummary } from './results/clv.js';
export type {
  CompareOptions,
  CompareResult,
  CompareSummary,
  MigrateResult,
  MigrateSummary,
} from './results/compare.js';
export { COMPARE_OPTIONS, compare, migrate } from './results/compare.js';
export type { DemoPart, DemoResult } from './results/demo.js';
export { demo } from './results/demo.js';
export type { ColumnSummary, DescribeSummary, Description, LevelCount } from './results/describe.js';
export { describe } from './results/describe.js';
export type {
  CommandName,
  Envelope,
  InputInfo,
  ParameterValue,
  RunFile,
  Warning,
} from './results/envelope.js';
export { envelope, runFile } from './results/envelope.js';
export type { GradeOptions, GradeRunResult, GradeSummary, TierSummary } from './results/grade.js';
export { GRADE_DEFAULTS, GRADE_OPTIONS, grade } from './results/grade.js';
export type { ParetoCurve, ParetoRunOptions, ParetoRunResult, ParetoSummary } from './results/pareto.js';
export { PARETO_RUN_OPTIONS, pareto } from './results/pareto.js';
export type { PredictBy, PredictionTable, PredictOptions } from './results/predict.js';
export { PREDICT_BY, predictTable } from './results/predict.js';
export type { Result, TableWriter } from './results/result.js';
export type { RfmRunResult, RfmSummary } from './results/rfm.js';
export { rfm, rfmResultOf } from './results/rfm.js';
export { classifyDatabaseText, clusterDatabaseText, leftOutText } from './results/sentences.js';
export type { ClusterJobOptions, ClusterRunner } from './serve/jobs.js';
export type { ServeOptions, Workbench } from './serve/server.js';
export { serve } from './serve/server.js';
export { Random } from './util/random.js';
export { capitalize, humanize } from './util/words.js';
export { VERSION } from './version.js';
