import { StoreErrors } from './errors.js';
import { openSqliteStore } from './sqlite-store.js';
import { openPostgresStore } from './postgres-store.js';
import { redactUrl, type OpenStoreOptions, type SqlStore } from './sql-store.js';

type Opener = (url: string, opts: OpenStoreOptions) => Promise<SqlStore>;

/** URL scheme → opener. A new backend registers here; an unknown scheme lists what is known. */
const openers = new Map<string, Opener>([
  ['sqlite', openSqliteStore],
  ['postgres', openPostgresStore],
  ['postgresql', openPostgresStore],
]);

export function registerStoreScheme(scheme: string, opener: Opener): void {
  openers.set(scheme, opener);
}

export function knownStoreSchemes(): string[] {
  return [...openers.keys()];
}

/** Open (and migrate) the SQL store at `url`: `sqlite:<path>` or `postgres://user@host:port/db[?schema=s]`. */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<SqlStore> {
  if (typeof url !== 'string' || url.trim() === '') {
    throw StoreErrors.FW_ERR_STORE_UNKNOWN_SCHEME(`store url must be a non-empty string (known schemes: ${knownStoreSchemes().map((s) => `${s}:`).join(', ')})`);
  }
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  const opener = m ? openers.get(m[1]!.toLowerCase()) : undefined;
  if (!opener) {
    throw StoreErrors.FW_ERR_STORE_UNKNOWN_SCHEME(
      `store url ${JSON.stringify(redactUrl(url))}: unknown scheme${m ? ` "${m[1]}:"` : ''}; known schemes: ${knownStoreSchemes().map((s) => `${s}:`).join(', ')}`,
    );
  }
  return opener(url, opts);
}
