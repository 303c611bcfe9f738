import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection on demand, for the one moment the service knows a lot of garbage exists: right after a
 * model load. Loading a forewarn JSON model allocates ~4× the file size in transient objects (file bytes, text,
 * parsed number arrays) that would otherwise sit in the heap until allocation pressure triggers a major GC — and
 * an idle server allocates almost nothing, so it keeps the load's peak RSS indefinitely. Collecting once after the
 * swap lets V8 and malloc hand those pages back to the OS. Never called per request.
 *
 * Uses `global.gc` when node runs with --expose-gc; otherwise enables the flag just long enough to obtain the
 * function from a fresh context (the flag is read when a context is created) and turns it off again, so user code
 * in the main context does not suddenly see a `gc` global.
 */
let cached: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (cached !== undefined) return cached;
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return (cached = g);
  try {
    setFlagsFromString('--expose-gc');
    const fn = runInNewContext('gc') as unknown;
    cached = typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    cached = null; // a runtime without the flag: rely on V8's own scheduling
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return cached;
}

/** Run a full GC if the runtime allows it; returns whether it ran. */
export function collectGarbage(): boolean {
  const fn = gcFunction();
  if (!fn) return false;
  fn();
  return true;
}
