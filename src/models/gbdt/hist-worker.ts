/**
 * Helper thread of level-engine.ts: waits for a command on the shared control block, claims and runs its tasks
 * (level-kernels.ts) until none is left, then waits again. Errors go to the shared error buffer (the main thread is
 * blocked in Atomics.wait and cannot receive messages); replaced tables and new arena pages arrive on a port that is
 * drained synchronously whenever the control block's epoch moved.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CMD_EXIT, TaskScratch, runTask, tableView } from './level-kernels.js';
import type { LevelData } from './level-kernels.js';
import { C_ARG, C_CMD, C_COMPLETED, C_EPOCH, C_ERR, C_GEN, C_NTASKS, ERR_BYTES, Spin, claimTask } from './level-engine.js';
import type { HelperInit, TableUpdate } from './level-engine.js';

const init = workerData as HelperInit;
const { ctrl, err, port } = init;
const d: LevelData = { ...init.data, pages: [] };
const sc = new TaskScratch();
const spin = new Spin();
let epoch = 0;
let seen = 0;

function syncTables(target: number): void {
  while (epoch < target) {
    const m = receiveMessageOnPort(port);
    // posted before the command was published; a message still in flight arrives in a moment
    if (!m) continue;
    const u = m.message as TableUpdate;
    if (u.table) (d as unknown as Record<string, unknown>)[u.table] = tableView(u.table, u.buffer);
    else if (u.page !== undefined) d.pages[u.page] = new Float64Array(u.buffer);
    epoch = u.epoch;
  }
}

for (;;) {
  if (!spin.spin(() => Atomics.load(ctrl, C_GEN) === seen)) Atomics.wait(ctrl, C_GEN, seen);
  const gen = Atomics.load(ctrl, C_GEN);
  if (gen === seen) continue;
  seen = gen;
  const cmd = ctrl[C_CMD]!;
  if (cmd === CMD_EXIT) break;
  const nTasks = ctrl[C_NTASKS]!, arg = ctrl[C_ARG]!;
  syncTables(Atomics.load(ctrl, C_EPOCH));
  // cmd, nTasks and arg may already belong to a newer command if this thread woke late; then no claim of
  // generation `gen` succeeds and the loop goes round to the newer one.
  for (let t = claimTask(ctrl, gen, nTasks); t >= 0; t = claimTask(ctrl, gen, nTasks)) {
    try {
      runTask(d, cmd, t, arg, sc);
    } catch (e) {
      const bytes = new TextEncoder().encode(String((e as Error)?.stack ?? e)).subarray(0, ERR_BYTES - 1);
      err.set(bytes);
      Atomics.store(ctrl, C_ERR, 1);
    }
    if (Atomics.add(ctrl, C_COMPLETED, 1) + 1 === nTasks) Atomics.notify(ctrl, C_COMPLETED);
  }
}
port.close();
