/** Public surface of the features layer: config → frozen spec → feature table → Dataset → splits. */
export { featuresSection, labelSection, splitSection, type FeaturesConfig, type LabelConfig, type SplitConfig } from './config.js';
export { resolveFeatureSpec } from './resolve.js';
export { compileFeatureSql } from './offline/compile.js';
export { buildFeatureTable, columnTypes } from './offline/build.js';
export { datasetFeatures, META, type ResolvedFeatureSpec, type ResolvedFeature, type ResolvedLabel } from './spec.js';
export { parseDuration } from './duration.js';
export { FeatureErrors } from './errors.js';
