/** Public surface of the features layer: config → frozen spec → feature table → Dataset → splits. */
export { featuresSection, labelSection, splitSection, type FeaturesConfig, type LabelConfig, type SplitConfig } from './config.js';
export { resolveFeatureSpec } from './resolve.js';
export { compileFeatureSql } from './offline/compile.js';
export { buildFeatureTable, columnTypes } from './offline/build.js';
export { datasetFeatures, META, type ResolvedFeatureSpec, type ResolvedFeature, type ResolvedLabel } from './spec.js';
export { parseDuration } from './duration.js';
export { FeatureErrors } from './errors.js';
export { toDataset, type FeatureDataset } from './dataset.js';
export { OnlineFeatureEngine } from './online/engine.js';
export { checkParity, type ParityReport } from './parity.js';
export { splitRows, classCounts, type SplitInput, type SplitContext, type SplitResult, type Fold } from './split.js';
export { crossValidationFolds } from './split-cv.js';
export { parseFeatureSpec, loadFeatureSpec, saveFeatureSpec, featureSpecHash, resolvedSpecSchema } from './spec-io.js';
