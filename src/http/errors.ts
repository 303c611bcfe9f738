import { defineErrors } from '../core/errors.js';

/**
 * Errors of the HTTP kit itself: what every server (prediction service, registry API, later tracking / monitoring /
 * UI) answers for a request that never reached a handler, in the one envelope `{code, message, errors?}`.
 */
export const HttpErrors = defineErrors({
  FW_ERR_HTTP_UNAUTHORIZED: { status: 401, exit: 2, description: 'The route needs `Authorization: Bearer <token>` (FOREWARN_API_TOKEN or serve.token) and none / a wrong one was sent, or the server has no token configured (set one, or start with --no-auth).' },
  FW_ERR_HTTP_NOT_FOUND: { status: 404, exit: 4, description: 'No route has this method and path; /docs lists the API.' },
  FW_ERR_HTTP_INVALID_REQUEST: { status: 400, exit: 2, description: 'The path parameters, query string or JSON body do not have the shape the route expects; `errors` lists every field with the rule and what was sent.' },
  FW_ERR_HTTP_MALFORMED_BODY: { status: 400, exit: 2, description: 'The body is not valid JSON (or is empty while Content-Type says JSON); the message says where parsing stopped.' },
  FW_ERR_HTTP_BODY_TOO_LARGE: { status: 413, exit: 2, description: 'The request body is larger than the server\'s byte limit (serve.bodyLimitBytes).' },
  FW_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: 2, description: 'The Content-Type is not accepted by this route (application/json; text/csv only where the route says so).' },
  FW_ERR_HTTP_BAD_REQUEST: { status: 400, exit: 2, description: 'The HTTP request itself was refused (bad header, method not allowed on this route, timed out, ...); the message says why.' },
});
