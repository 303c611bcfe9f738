import { atomicWrite } from '../../core/atomic-write.js';
import { profileTables, type ProfileOptions, type ProfileResult } from './profile.js';
import { renderProfileHtml } from './report.js';

/** Profile `files` and write the HTML report atomically to `out`. */
export async function writeProfileReport(files: string[], out: string, options: ProfileOptions = {}): Promise<{ path: string; result: ProfileResult; bytes: number }> {
  const result = await profileTables(files, options);
  const html = await renderProfileHtml(result);
  await atomicWrite(out, html);
  return { path: out, result, bytes: Buffer.byteLength(html) };
}
