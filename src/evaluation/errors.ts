import { defineErrors } from '../core/errors.js';

/** Error codes of the evaluation area (metrics, baselines, thresholds, costs, gates, report). */
export const EvalErrors = defineErrors({
  FW_ERR_EVAL_EMPTY: { status: 400, exit: 3, description: 'A metric was asked for zero rows; evaluate on a non-empty test / validation set.' },
  FW_ERR_EVAL_SHAPE: { status: 400, exit: 2, description: 'Labels, probabilities and classes disagree in length (proba must be rows × classes, row-major); the message gives both sizes.' },
  FW_ERR_EVAL_BAD_PROBA: { status: 400, exit: 3, description: 'A probability is NaN, infinite or outside [0, 1]; the message gives the row and class. Check the model output.' },
  FW_ERR_EVAL_BAD_LABEL: { status: 400, exit: 3, description: 'A class index is not an integer in [0, classes.length); the message gives the row.' },
  FW_ERR_EVAL_SINGLE_CLASS: { status: 400, exit: 3, description: 'A ranking metric (ROC-AUC, PR-AUC) or threshold policy needs both positive and negative rows, but only one class is present.' },
  FW_ERR_EVAL_INVALID_ARGUMENT: { status: 400, exit: 2, description: 'An evaluation argument (threshold, cost, horizon, bin count, event time...) has the wrong type or value; the message names it and the rule.' },
  FW_ERR_EVAL_UNKNOWN_METRIC: { status: 400, exit: 2, description: 'A gate or primary metric names a metric forewarn does not compute; the message lists the known ones.' },
  FW_ERR_EVAL_GATES_FAILED: { status: 409, exit: 5, description: 'The evaluation did not pass its quality gates, so the model must not be registered; the message lists the failing gates with value and threshold.' },
  FW_ERR_EVAL_BAD_PREDICTIONS: { status: 400, exit: 3, description: 'A predictions file is missing a column, has an unknown label or a non-numeric / NaN probability; the message names the file, column and row.' },
  FW_ERR_EVAL_BAD_RESULT: { status: 400, exit: 3, description: 'A metrics JSON file is not a forewarn evaluation result (wrong format or version); the message names the file and field.' },
});
