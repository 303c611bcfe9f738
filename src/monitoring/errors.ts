import { defineErrors } from '../core/errors.js';

/** Error codes of model monitoring (src/monitoring): prediction log, baselines, drift, realised performance. */
export const MonitorErrors = defineErrors({
  FW_ERR_MONITOR_INVALID_CONFIG: {
    status: 400,
    exit: 2,
    description: 'A `monitoring:` setting or monitor option (sampling rate, flush interval, buffer size, window, thresholds, drift test name) has the wrong type or value; the message names it and the rule.',
  },
  FW_ERR_MONITOR_UNKNOWN_TEST: {
    status: 400,
    exit: 2,
    description: 'A drift test name is not registered; the message lists the known tests (psi, ks, chi_square, wasserstein, jensen_shannon).',
  },
  FW_ERR_MONITOR_NO_BASELINE: {
    status: 404,
    exit: 4,
    description: 'The model version has no reference profile (baseline); register it with a forewarn that builds baselines, or run `forewarn run` again.',
  },
  FW_ERR_MONITOR_NO_DATA: {
    status: 404,
    exit: 4,
    description: 'No logged predictions for that model, version and time range; widen --from/--to or check that the service logs predictions (monitoring.sampleRate).',
  },
  FW_ERR_MONITOR_DRIFT_DETECTED: {
    status: 409,
    exit: 5,
    description: '`forewarn monitor drift --fail-on-drift`: at least one feature drifted from the training baseline; the message lists them.',
  },
  FW_ERR_MONITOR_LOG_WRITE: {
    status: 503,
    exit: 1,
    description: 'A batch of logged predictions could not be written to the prediction-log store (unreachable, locked, full); the service keeps it queued while the buffer has room and counts drops otherwise.',
  },
  FW_ERR_MONITOR_BAD_BASELINE: {
    status: 500,
    exit: 3,
    description: 'A stored baseline does not have the expected shape (it was written by another version or edited by hand); rebuild it with `forewarn run`.',
  },
});
