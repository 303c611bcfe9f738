import { defineErrors } from '../core/errors.js';

/** Error codes of the prediction service. HTTP status is what a client sees; exit is for `forewarn serve`. */
export const ServingErrors = defineErrors({
  FW_ERR_SERVE_BAD_INPUT: { status: 400, exit: 2, description: 'A prediction request does not match the model signature (missing/unknown field, wrong type, NaN/Infinity, out of range, unseen category); `errors` lists every field.' },
  FW_ERR_SERVE_MALFORMED_BODY: { status: 400, exit: 2, description: 'The request body is not valid JSON / CSV, or does not have the shape the endpoint expects; the message says where.' },
  FW_ERR_SERVE_BODY_TOO_LARGE: { status: 413, exit: 2, description: 'The request body is larger than serve.bodyLimitBytes, or a batch has more records than serve.maxBatchRecords.' },
  FW_ERR_SERVE_NOT_FOUND: { status: 404, exit: 4, description: 'No such route, or the model name / version in the URL is not the one being served.' },
  FW_ERR_SERVE_NOT_READY: { status: 503, exit: 1, description: 'No model is loaded yet (or the first load failed); see /model/info for the load error.' },
  FW_ERR_SERVE_MODEL_LOAD: { status: 502, exit: 1, description: 'The model version could not be loaded (bad file, unknown format, registry unreachable); the server keeps the previous model.' },
  FW_ERR_SERVE_UNSAFE_BIND: { status: 400, exit: 2, description: 'Refusing to listen on a non-loopback address without a token; set FOREWARN_API_TOKEN / serve.token or pass --no-auth explicitly.' },
  FW_ERR_SERVE_BAD_OPTION: { status: 400, exit: 2, description: 'A serve option (CLI flag or serve: config) has a wrong value; the message names it and the rule.' },
});
