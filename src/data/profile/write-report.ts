import { atomicWrite } from '../../core/atomic-write.js';
import { CoreErrors, isFwError } from '../../core/errors.js';
import { profileTables, type ProfileOptions, type ProfileResult } from './profile.js';
import { renderProfileHtml } from './report.js';

/** Profile `files` and write the HTML report atomically to `out`. */
export async function writeProfileReport(files: string[], out: string, options: ProfileOptions = {}): Promise<{ path: string; result: ProfileResult; bytes: number }> {
  const result = await profileTables(files, options);
  const html = await renderProfileHtml(result);
  await writeNamed(out, html);
  return { path: out, result, bytes: Buffer.byteLength(html) };
}

/** atomicWrite, with folder-creation failures (which it does not map) also turned into an FwError naming the path. */
export async function writeNamed(path: string, data: string): Promise<void> {
  try {
    await atomicWrite(path, data);
  } catch (e) {
    throw isFwError(e) ? e : CoreErrors.FW_ERR_CORE_IO(`could not write ${path}: ${(e as Error).message}`, undefined, e);
  }
}
