import { defineErrors } from '../core/errors.js';

export const StoreErrors = defineErrors({
  FW_ERR_STORE_UNKNOWN_SCHEME: { status: 400, exit: 2, description: 'The store URL has a scheme forewarn does not know; the message lists the known ones (sqlite:, postgres://).' },
  FW_ERR_STORE_UNREACHABLE: { status: 503, exit: 1, description: 'The database could not be opened or reached; the message names the URL (without password) and the driver error.' },
  FW_ERR_STORE_MIGRATION: { status: 500, exit: 1, description: 'Applying the database migrations failed; the message names the migration. The database is left at the previous version.' },
  FW_ERR_STORE_BUSY: { status: 503, exit: 1, description: 'Another process kept the database locked for longer than the busy timeout through several retries; nothing was changed. Try again (a long-running write holds the lock).' },
  FW_ERR_STORE_INCONSISTENT: { status: 500, exit: 3, description: '`forewarn doctor` found the store, registry or artifacts inconsistent (integrity check, version numbering, missing or corrupt artifacts, state not explained by the audit log); each problem is listed.' },
  FW_ERR_STORE_APPEND_ONLY: { status: 409, exit: 5, description: 'The audit log is append-only: updating or deleting audit entries is refused.' },
});
