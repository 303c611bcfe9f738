import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { openStores } from '../../src/stores/open-stores.js';
import { checkRegistryConsistency, type ConsistencyReport } from '../../src/registry/consistency.js';
import { Rng } from '../../src/core/random.js';

const WRITER = fileURLToPath(new URL('./registry-writer.js', import.meta.url));

export interface CrashRoundsOptions {
  /** Project folder (forewarn.yaml picks the store). */
  project: string;
  rounds: number;
  seed?: number;
  /** The kill lands uniformly in [0, maxDelayMs] after the writer reported ready (default 400 ms). */
  maxDelayMs?: number;
  onRound?: (round: number, report: ConsistencyReport, killed: boolean) => void;
}

export interface CrashRoundsResult {
  rounds: number;
  /** Rounds where the writer was killed by our SIGKILL (not exited on its own). */
  kills: number;
  /** Writers that exited by themselves (an unexpected error): each is a failure, with its stderr. */
  writerFailures: string[];
  /** Rounds after which the consistency check found a problem, with the problems. */
  inconsistencies: { round: number; problems: string[] }[];
  final: ConsistencyReport['checked'] | null;
}

/**
 * kill -9 at random moments: each round starts a registry writer process (test/support/registry-writer.ts) on the
 * project, SIGKILLs it after a random delay (mid-registration, mid-approval, mid-alias-move, mid-artifact-write or
 * mid-commit, wherever it happens to be), then runs the full consistency check on what is left.
 */
export async function crashRounds(o: CrashRoundsOptions): Promise<CrashRoundsResult> {
  const rng = new Rng(o.seed ?? 1);
  const maxDelay = o.maxDelayMs ?? 400;
  const out: CrashRoundsResult = { rounds: 0, kills: 0, writerFailures: [], inconsistencies: [], final: null };
  for (let round = 1; round <= o.rounds; round++) {
    const child = spawn(process.execPath, [WRITER, o.project, String(rng.int(1e9))], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = once(child, 'exit');
    // Wait for 'ready' (or an early exit), then kill after the random delay.
    while (!stdout.includes('ready') && child.exitCode === null && child.signalCode === null) await new Promise((r) => setTimeout(r, 10));
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((r) => setTimeout(r, rng.next() * maxDelay));
      child.kill('SIGKILL');
    }
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    out.rounds++;
    if (signal === 'SIGKILL') out.kills++;
    else out.writerFailures.push(`round ${round}: writer exited with ${code ?? signal}: ${stderr.trim()}`);
    const stores = await openStores({ project: o.project });
    try {
      const report = await checkRegistryConsistency(stores.sql, stores.artifacts);
      if (!report.ok) out.inconsistencies.push({ round, problems: report.problems });
      out.final = report.checked;
      o.onRound?.(round, report, signal === 'SIGKILL');
    } finally {
      await stores.close();
    }
  }
  return out;
}
