import { defineErrors } from '../core/errors.js';

export const ArtifactErrors = defineErrors({
  FW_ERR_ARTIFACTS_UNKNOWN_SCHEME: { status: 400, exit: 2, description: 'The artifact URI has a scheme forewarn does not know; the message lists the known ones (path, file:, s3://).' },
  FW_ERR_ARTIFACTS_INVALID_KEY: { status: 400, exit: 2, description: 'An artifact key is not a clean relative path (empty, absolute, "..", backslash, control characters, too long).' },
  FW_ERR_ARTIFACTS_NOT_FOUND: { status: 404, exit: 4, description: 'No artifact at that key / URI.' },
  FW_ERR_ARTIFACTS_FOREIGN_URI: { status: 400, exit: 2, description: 'The URI does not belong to this artifact repository (different root or scheme).' },
  FW_ERR_ARTIFACTS_INTEGRITY: { status: 500, exit: 1, description: 'A content-addressed artifact does not match its sha256: the stored bytes are corrupt.' },
  FW_ERR_ARTIFACTS_BACKEND: { status: 502, exit: 1, description: 'The storage backend (filesystem or S3) failed; the message names the URI and the backend error.' },
});
