import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** bin/forewarn.js of this checkout (the tests run from dist/test/e2e, the launcher stays in bin/). */
export const FOREWARN_BIN = fileURLToPath(new URL('../../../bin/forewarn.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `node bin/forewarn.js ...args` as a real child process (own PID, own database connection). */
export function runCliProcess(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FOREWARN_BIN, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
