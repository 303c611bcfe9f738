import { defineErrors } from '../core/errors.js';

export const TrackingErrors = defineErrors({
  FW_ERR_TRACKING_INVALID: { status: 400, exit: 2, description: 'A tracking call got a bad value (empty key, non-finite metric, negative step, unknown status); the message names the field and the rule.' },
  FW_ERR_TRACKING_NOT_FOUND: { status: 404, exit: 4, description: 'The experiment or run does not exist; the message says what was looked up.' },
  FW_ERR_TRACKING_CONFLICT: { status: 409, exit: 5, description: 'The change conflicts with stored state: experiment name taken, param already logged with another value, run already ended.' },
});
