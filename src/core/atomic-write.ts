import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CoreErrors, isFwError } from './errors.js';

/**
 * Write a file atomically: temp file in the same directory, fsync, rename. A crash leaves either the old file or
 * the new one, never half of either. Used for every file forewarn writes that something else reads later.
 */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  await atomicWriteStream(path, async (write) => { await write(data); });
}

/**
 * atomicWrite for content produced in pieces (a simulated fleet's telemetry, millions of lines): `produce` calls
 * `write` as often as it likes; the file appears under `path` only once all of it is written and fsynced.
 */
export async function atomicWriteStream(path: string, produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(tmp, 'w');
    try {
      // writeFile writes the whole chunk (write() may write part of it) from the current position.
      await produce(async (chunk) => { await fh.writeFile(chunk); });
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    // Best effort: when the folder could not be made there is no temp file, and rm's own error would hide the cause.
    await rm(tmp, { force: true }).catch(() => undefined);
    // Errors from `produce` itself (already typed) pass through; file-system failures become FW_ERR_CORE_IO.
    if (isFwError(e)) throw e;
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
