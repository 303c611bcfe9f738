import { defineErrors } from '../core/errors.js';

/** Error codes of live scoring (`forewarn stream`, `forewarn alerts`). Dead-letter reasons carry these codes too. */
export const StreamErrors = defineErrors({
  FW_ERR_STREAM_BAD_MESSAGE: { status: 400, exit: 2, description: 'A telemetry message is not valid JSON, names no known table, or breaks the table\'s data contract (missing / non-numeric field, value outside min/max, unknown category); it goes to the dead-letter topic with this reason and the stream continues.' },
  FW_ERR_STREAM_UNKNOWN_MACHINE: { status: 400, exit: 2, description: 'A message names a machine the stream has no static record for (stream.requireKnownMachines); it goes to the dead-letter topic.' },
  FW_ERR_STREAM_LATE_EVENT: { status: 400, exit: 2, description: 'An event arrived after its instant was already scored (older than stream.lateness behind the newest event); it is counted and dead-lettered, not placed.' },
  FW_ERR_STREAM_BAD_OPTION: { status: 400, exit: 2, description: 'A `stream:` config value or `forewarn stream` flag is wrong; the message names it and the rule.' },
  FW_ERR_STREAM_NO_FEATURE_SPEC: { status: 409, exit: 5, description: 'The model version has no frozen feature spec (registered before specs were published, or imported as a file); live scoring needs the exact features it was trained on. Re-run the pipeline to register a version with its spec.' },
  FW_ERR_STREAM_NO_DECISION_RULE: { status: 409, exit: 5, description: 'The model version has no evaluated decision rule (decision.* tags), so the stream cannot decide when to alert the way evaluation did.' },
  FW_ERR_STREAM_BROKER: { status: 502, exit: 1, description: 'The MQTT broker or NATS server could not be reached or refused the connection/subscription; the message names the URL.' },
  FW_ERR_STREAM_CHECKPOINT: { status: 500, exit: 1, description: 'The stream checkpoint file could not be read or written, or belongs to another model spec; the message names the path.' },
  FW_ERR_STREAM_ALERT_NOT_FOUND: { status: 404, exit: 4, description: 'No stored alert has this id.' },
});
