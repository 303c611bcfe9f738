import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** The process that executes a run: enough to tell, later, whether that very process is still alive. */
export interface RunOwner {
  host: string;
  pid: number;
  /** OS identity of the process instance (Linux: boot id + start time in clock ticks); null where unknown. */
  start: string | null;
}

/** What the liveness check needs from a RUNNING run's row. */
export interface RunLiveness {
  ownerHost: string | null;
  ownerPid: number | null;
  ownerStart: string | null;
  heartbeatAt: string | null;
  startTime: string;
}

export interface LivenessProbe {
  host: string;
  /** The start token of a live process with this PID on this host, undefined if no such process, null if unknown. */
  processStart(pid: number): string | null | undefined;
}

let bootId: string | null | undefined;

function linuxBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/** Start token of a running process: undefined = no such process, null = alive but the platform cannot tell more. */
export function processStartToken(pid: number): string | null | undefined {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return undefined; // ESRCH: no such process
  }
  try {
    // /proc/<pid>/stat: field 22 (starttime) after the parenthesised command name, which may itself hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie (killed, not yet reaped by its parent) is as dead as a run owner can be.
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    const ticks = fields[19];
    const boot = linuxBootId();
    if (ticks === undefined || boot === null) return null;
    return `${boot}:${ticks}`;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux' ? undefined : null;
  }
}

export const localProbe: LivenessProbe = { host: hostname(), processStart: processStartToken };

export function currentOwner(): RunOwner {
  return { host: localProbe.host, pid: process.pid, start: processStartToken(process.pid) ?? null };
}

export interface LivenessOptions {
  /** A heartbeat older than this means the owner is gone when its PID cannot be checked (another host). */
  staleAfterMs: number;
  now?: number;
  probe?: LivenessProbe;
}

/**
 * Why a RUNNING run's owner is gone, or null while it may still be working.
 *
 * Same host: the PID decides, never the heartbeat. A live process with the recorded start token is the owner even
 * when its heartbeat is late (a long synchronous step can delay the timer); a missing PID, or one now belonging to
 * a process with another start time (PID reused), means the owner died. Another host (or a run recorded before
 * owners were): only the heartbeat is visible, so a heartbeat (or start, for old runs) older than `staleAfterMs`
 * means gone.
 */
export function ownerGoneReason(run: RunLiveness, opts: LivenessOptions): string | null {
  const probe = opts.probe ?? localProbe;
  const now = opts.now ?? Date.now();
  if (run.ownerHost !== null && run.ownerPid !== null && run.ownerHost === probe.host) {
    const start = probe.processStart(run.ownerPid);
    if (start === undefined) return `its process (pid ${run.ownerPid} on ${run.ownerHost}) is gone`;
    if (start !== null && run.ownerStart !== null && start !== run.ownerStart) return `its process (pid ${run.ownerPid} on ${run.ownerHost}) is gone; the pid now belongs to another process`;
    return null;
  }
  const last = run.heartbeatAt ?? run.startTime;
  const age = now - Date.parse(last);
  if (!Number.isFinite(age) || age <= opts.staleAfterMs) return null;
  const who = run.ownerHost !== null ? `its process (pid ${run.ownerPid} on ${run.ownerHost}, another host)` : 'its process (not recorded: started by an older forewarn)';
  return `${who} has not reported for ${Math.round(age / 1000)} s (heartbeat ${run.heartbeatAt ? `at ${run.heartbeatAt}` : 'never'}; stale after ${Math.round(opts.staleAfterMs / 1000)} s)`;
}
