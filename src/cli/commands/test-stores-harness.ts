import { buildProgram } from '../main.js';
import { reportCliError } from '../errors-out.js';

/**
 * Test helper: run the real CLI program in-process and capture stdout/stderr/exit code (spawning a node process
 * per command would cost ~1 s each on the shared machine).
 */
export async function runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = 0;
  let code = 0;
  try {
    await buildProgram().parseAsync(['node', 'forewarn', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode !== undefined ? ((e as { exitCode: number }).exitCode === 0 ? 0 : 2) : reportCliError(e);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = 0;
  }
  return { stdout, stderr, code };
}
