import { defineErrors } from '../core/errors.js';

/** Error codes of the tree learners, the model format and the learner registry. */
export const ModelErrors = defineErrors({
  FW_ERR_MODEL_BAD_PARAM: { status: 400, exit: 2, description: 'A learner hyperparameter is unknown, has the wrong type or is out of range; the message names the parameter and the rule.' },
  FW_ERR_MODEL_BAD_DATA: { status: 400, exit: 2, description: 'The training or prediction data does not fit the model (wrong number of features, no rows, a label outside the classes, Infinity, too many categories); the message names the field and the rule.' },
  FW_ERR_MODEL_BAD_FORMAT: { status: 400, exit: 2, description: 'A saved model is not a valid forewarn-model JSON (foreign format, newer formatVersion, unknown kind, malformed arrays, child index out of range); the message names the field.' },
  FW_ERR_MODEL_UNKNOWN_KIND: { status: 400, exit: 2, description: 'No learner is registered under that kind; the message lists the known kinds.' },
  FW_ERR_MODEL_DUPLICATE_KIND: { status: 500, exit: 1, description: 'Two learners were registered under the same kind (a bug in forewarn).' },
  FW_ERR_MODEL_WORKER_FAILED: { status: 500, exit: 1, description: 'A training worker thread failed or exited unexpectedly; the message gives its error.' },
});
