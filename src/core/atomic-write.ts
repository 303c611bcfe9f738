import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CoreErrors } from './errors.js';

/**
 * Write a file atomically: temp file in the same directory, fsync, rename. A crash leaves either the old file or
 * the new one, never half of either. Used for every file forewarn writes that something else reads later.
 */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw CoreErrors.FW_ERR_CORE_IO(`could not write ${path}: ${(e as Error).message}`, undefined, e);
  }
}

/** A temp path beside `path` for tools (DuckDB COPY...) that write the file themselves; rename it with `commitTemp`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function commitTemp(tmp: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await rename(tmp, path);
}
