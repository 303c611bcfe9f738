import type { Kysely } from 'kysely';
import type { DialectCapabilities } from './capabilities.js';
import type { Database } from './schema-types.js';

/** An open, migrated database: the Kysely handle, what its dialect can do, and how to close it. */
export interface SqlStore {
  readonly db: Kysely<Database>;
  readonly caps: DialectCapabilities;
  /** The URL it was opened from, password removed (safe to print). */
  readonly displayUrl: string;
  /** PostgreSQL: the schema the tables live in (current_schema). SQLite: undefined. */
  readonly schema?: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Folder that relative sqlite paths resolve against (the project dir); default cwd. */
  baseDir?: string;
  /** Apply migrations on open (default true). */
  migrate?: boolean;
}

/** Password-free form of a URL for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');
}
