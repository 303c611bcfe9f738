import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArtifactRepository } from '../artifacts/artifact-repository.js';
import { getToFile, putFile } from '../artifacts/artifact-ops.js';
import { PipelineErrors } from './errors.js';

/**
 * How pipeline steps that run as separate processes (`forewarn run --step`, one pod each on a cluster) hand their
 * outputs on: only through the artifact store (S3). Step outputs are the step cache's content-addressed folders
 * (step-cache.ts), so they are uploaded once under their hash and downloaded into the next step's own, empty cache,
 * where the step functions find them and reuse them exactly as a re-run of `forewarn run` would.
 *
 *   pipeline/cache/<step>/<hash>/…          a step's cache folder (immutable: the hash names its inputs)
 *   pipeline/datasets/<datasetHash>/…       the ingested snapshot (what the features and evaluate steps read)
 *   pipeline/runs/<runKey>/<step>.json      which output this run's step produced, written last: the "done" mark
 *
 * The run key names one pipeline run across its processes (Argo passes the workflow's uid).
 */
export interface StepRecord<O = unknown> {
  step: string;
  /** Step-cache folder name and hash, or absent for steps without a cached folder (register). */
  cache?: { step: string; hash: string };
  output: O;
  /** Extra facts later steps need (the tracking run id, the dataset hash). */
  facts: Record<string, string>;
}

const ROOT = 'pipeline';

export class StepExchange {
  constructor(private readonly repo: ArtifactRepository, readonly runKey: string) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(runKey)) throw PipelineErrors.FW_ERR_PIPELINE_UNKNOWN_STEP(`--run-key ${JSON.stringify(runKey)}: use letters, digits, '.', '_' or '-' (at most 128)`);
  }

  private recordKey(step: string): string {
    return `${ROOT}/runs/${this.runKey}/${step}.json`;
  }

  /** Upload a step's cache folder (unless the store already has it: same hash, same bytes) and mark the step done. */
  async publish<O>(record: StepRecord<O>, cacheDir?: string): Promise<void> {
    if (record.cache && cacheDir) await this.pushTree(cacheDir, `${ROOT}/cache/${record.cache.step}/${record.cache.hash}`, 'output.json');
    await this.repo.put(this.recordKey(record.step), new TextEncoder().encode(JSON.stringify(record, null, 2)));
  }

  /** The record an earlier step of this run left; a loud error when that step has not finished. */
  async record<O>(step: string, neededBy: string): Promise<StepRecord<O>> {
    const key = this.recordKey(step);
    if (!(await this.repo.exists(key))) {
      throw PipelineErrors.FW_ERR_PIPELINE_MISSING_INPUT(`step ${neededBy} needs the output of step ${step} for run key ${this.runKey}, and ${this.repo.uriFor(key)} does not exist: run --step ${step} first`);
    }
    return JSON.parse(new TextDecoder().decode(await this.repo.get(key))) as StepRecord<O>;
  }

  /** Download an earlier step's cache folder into this process's cache (a no-op when it is already there). */
  async pullCache(cache: { step: string; hash: string }, cacheRoot: string): Promise<string> {
    const dir = join(cacheRoot, cache.step, cache.hash);
    await this.pullTree(`${ROOT}/cache/${cache.step}/${cache.hash}`, dir, 'output.json');
    return dir;
  }

  async pushSnapshot(dir: string, datasetHash: string): Promise<void> {
    await this.pushTree(dir, `${ROOT}/datasets/${datasetHash}`, 'manifest.json');
  }

  async pullSnapshot(datasetHash: string, dir: string): Promise<void> {
    await this.pullTree(`${ROOT}/datasets/${datasetHash}`, dir, 'manifest.json');
  }

  /** Upload a folder, its completion file last, so a reader never sees a half-uploaded folder as complete. */
  private async pushTree(dir: string, prefix: string, completionFile: string): Promise<void> {
    if (await this.repo.exists(`${prefix}/${completionFile}`)) return;
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile())
      .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'))
      .sort((a, b) => Number(a === completionFile) - Number(b === completionFile) || a.localeCompare(b));
    if (files.at(-1) !== completionFile) throw PipelineErrors.FW_ERR_PIPELINE_MISSING_INPUT(`${dir} has no ${completionFile}: not a finished step folder`);
    for (const f of files) await putFile(this.repo, `${prefix}/${f}`, join(dir, f));
  }

  /** Download every object under `prefix` into a temp folder, then rename it into place (the completion file last). */
  private async pullTree(prefix: string, dir: string, completionFile: string): Promise<void> {
    if (existsSync(join(dir, completionFile))) return;
    const keys = await this.repo.list(`${prefix}/`);
    if (!keys.some((k) => k === `${prefix}/${completionFile}`)) {
      throw PipelineErrors.FW_ERR_PIPELINE_MISSING_INPUT(`${this.repo.uriFor(prefix)}/ has no ${completionFile}: the step that writes it did not finish`);
    }
    const tmp = `${dir}.pull-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      for (const k of keys) {
        const path = join(tmp, k.slice(prefix.length + 1));
        await mkdir(dirname(path), { recursive: true });
        await getToFile(this.repo, k, path);
      }
      await mkdir(dirname(dir), { recursive: true });
      await rm(dir, { recursive: true, force: true });
      await rename(tmp, dir);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
}
