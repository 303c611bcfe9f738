import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hashJson } from '../core/hash.js';

/**
 * Content-addressed cache of pipeline step outputs. A step's output lives in
 * `<root>/<step>/<hash of (step name, step version, inputs)>/`, with `output.json` written last: a folder without it
 * is an interrupted attempt and is never reused. The folder is built under a temp name and renamed into place, so a
 * failed or killed step leaves earlier outputs intact and the next run resumes from the first missing step.
 */
export interface CachedStep<O> {
  /** Stable step name: also the cache sub-folder. */
  name: string;
  /** Bump when the step's code changes what it produces, so old cache entries stop matching. */
  version: number;
  /** Everything the output depends on, JSON-able (hashes of inputs, config sections, seeds). */
  key: unknown;
  /** Produce the output; files go into `dir` (referenced relative to it). Returns a JSON-able summary. */
  run(dir: string): Promise<O>;
}

export interface StepOutcome<O> {
  output: O;
  /** Absolute folder holding the step's files. */
  dir: string;
  hash: string;
  reused: boolean;
  seconds: number;
}

export async function runCached<O>(root: string, step: CachedStep<O>): Promise<StepOutcome<O>> {
  const hash = hashJson({ step: step.name, version: step.version, key: step.key }).slice(0, 32);
  const dir = join(root, step.name, hash);
  const outFile = join(dir, 'output.json');
  const t0 = performance.now();
  if (existsSync(outFile)) {
    const output = JSON.parse(await readFile(outFile, 'utf8')) as O;
    return { output, dir, hash, reused: true, seconds: (performance.now() - t0) / 1000 };
  }
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    const output = await step.run(tmp);
    await writeFile(join(tmp, 'output.json'), JSON.stringify(output, null, 2));
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    return { output, dir, hash, reused: false, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
