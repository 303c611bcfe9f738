import { defineErrors } from '../../core/errors.js';

export const LinearErrors = defineErrors({
  FW_ERR_LINEAR_BAD_DATA: { status: 400, exit: 3, description: 'The training data cannot be fitted (no rows, one class, Infinity in a column, label out of range); the message names the feature / row.' },
  FW_ERR_LINEAR_BAD_MODEL: { status: 400, exit: 2, description: 'A saved logistic model JSON is malformed; the message names the field (e.g. body.coefficients[1][3]) and the rule.' },
  FW_ERR_LINEAR_BAD_INPUT: { status: 400, exit: 2, description: 'A row given to a logistic model has the wrong length or an infinite value; the message names the row and feature.' },
});
