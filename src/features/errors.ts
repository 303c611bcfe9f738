import { defineErrors } from '../core/errors.js';

/** Error codes of the features / labels / splits layer. */
export const FeatureErrors = defineErrors({
  FW_ERR_FEATURES_INVALID_SPEC: { status: 400, exit: 2, description: 'A feature, label or split definition is invalid (bad duration, duplicate output name, missing column); the message names the field and the rule.' },
  FW_ERR_FEATURES_UNKNOWN_TABLE: { status: 400, exit: 2, description: 'A feature or label refers to a table that is not loaded; the message lists the tables that are.' },
  FW_ERR_FEATURES_UNKNOWN_COLUMN: { status: 400, exit: 2, description: 'A feature or label refers to a column its table does not have; the message lists the columns that exist.' },
  FW_ERR_FEATURES_BAD_LABEL: { status: 400, exit: 3, description: 'A label value is not one of the declared classes, or the label column has no usable values.' },
  FW_ERR_FEATURES_BAD_EVENT: { status: 400, exit: 2, description: 'The online engine was given an event it cannot use (unknown table, missing entity or time, time going backwards).' },
  FW_ERR_FEATURES_OUT_OF_RANGE: { status: 400, exit: 3, description: 'A value in a source column is so large that a window aggregate overflows (e.g. 1e308); clean or rescale the column.' },
  FW_ERR_FEATURES_SPLIT_REFUSED: { status: 409, exit: 5, description: 'A random/stratified split was requested on event-labelled time series (labels would leak across the split); use kind: time or group, or set force: true.' },
  FW_ERR_FEATURES_SPLIT_EMPTY: { status: 400, exit: 3, description: 'A split produced an empty train, validation or test part; the message gives the counts and which setting to change.' },
});
