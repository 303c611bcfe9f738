import { defineErrors } from '../../core/errors.js';

/** Error codes of the data profile report (src/data/profile). */
export const ProfileErrors = defineErrors({
  FW_ERR_PROFILE_FILE_NOT_FOUND: { status: 404, exit: 4, description: 'A file given to `data profile` does not exist or is not a regular file; the message names it.' },
  FW_ERR_PROFILE_UNREADABLE: { status: 400, exit: 2, description: 'A file given to `data profile` is empty or cannot be parsed as CSV / Parquet; the message names the file and the reader error.' },
  FW_ERR_PROFILE_UNKNOWN_COLUMN: { status: 400, exit: 2, description: 'The --label / --time / --entity column is in none of the profiled files; the message lists the columns that exist.' },
  FW_ERR_PROFILE_INVALID_OPTION: { status: 400, exit: 2, description: 'A profile option has the wrong type or value (no files, bad sample size...); the message names it.' },
});
