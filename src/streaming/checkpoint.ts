import { readFile } from 'node:fs/promises';
import { atomicWrite } from '../core/atomic-write.js';
import { StreamErrors } from './errors.js';
import type { ProcessorState } from './stream-processor.js';

/**
 * The stream's state on disk: one JSON file replaced atomically (temp + fsync + rename), so a kill -9 leaves either
 * the previous checkpoint or the new one, never half of one. Feature state holds NaN and ±Infinity (missing values,
 * "never seen"), which JSON cannot spell: they are written as tagged strings and read back as numbers.
 */
const TAG = '\u0000num:';

function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return `${TAG}${String(v)}`;
  return v;
}

function reviver(_k: string, v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith(TAG)) return Number(v.slice(TAG.length));
  return v;
}

export function encodeState(s: ProcessorState): string {
  return JSON.stringify(s, replacer);
}

export function decodeState(text: string, source: string): ProcessorState {
  let s: ProcessorState;
  try {
    s = JSON.parse(text, reviver) as ProcessorState;
  } catch (e) {
    throw StreamErrors.FW_ERR_STREAM_CHECKPOINT(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (s?.format !== 'forewarn-stream-checkpoint' || s.version !== 1) throw StreamErrors.FW_ERR_STREAM_CHECKPOINT(`${source}: not a forewarn stream checkpoint (format/version)`);
  return s;
}

export async function writeCheckpoint(path: string, s: ProcessorState): Promise<void> {
  try {
    await atomicWrite(path, encodeState(s));
  } catch (e) {
    throw StreamErrors.FW_ERR_STREAM_CHECKPOINT(`could not write the checkpoint ${path}: ${(e as Error).message}`, undefined, e);
  }
}

/** The checkpoint at `path`, or undefined when there is none yet. */
export async function readCheckpoint(path: string): Promise<ProcessorState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw StreamErrors.FW_ERR_STREAM_CHECKPOINT(`could not read the checkpoint ${path}: ${(e as Error).message}`, undefined, e);
  }
  return decodeState(text, path);
}
