import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { ensureDir } from '../core/ensure-dir.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { atomicWrite } from '../core/atomic-write.js';
import { isFwError } from '../core/errors.js';
import type { ArtifactRepository } from './artifact-repository.js';
import { ArtifactErrors } from './errors.js';
import { checkKey, checkPrefix } from './keys.js';

/** Artifacts as files under a root folder. Writes go through atomicWrite (temp file + fsync + rename). */
export class LocalArtifactRepository implements ArtifactRepository {
  readonly root: string;
  readonly rootUri: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.rootUri = pathToFileURL(this.root).href.replace(/\/$/, '');
  }

  /** Nothing to release: every call opens and closes its own files. */
  async close(): Promise<void> {}

  private pathOf(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  uriFor(key: string): string {
    return `${this.rootUri}/${checkKey(key).split('/').map(encodeURIComponent).join('/')}`;
  }

  keyFor(uri: string): string {
    let path: string;
    try {
      path = uri.startsWith('file:') ? fileURLToPath(uri) : resolve(uri);
    } catch {
      throw ArtifactErrors.FW_ERR_ARTIFACTS_FOREIGN_URI(`${JSON.stringify(uri)} is not a file URI or path`);
    }
    if (!path.startsWith(this.root + sep)) throw ArtifactErrors.FW_ERR_ARTIFACTS_FOREIGN_URI(`${uri} is not inside the artifact repository ${this.rootUri}`);
    return checkKey(path.slice(this.root.length + 1).split(sep).join('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    const p = this.pathOf(key);
    if (!(bytes instanceof Uint8Array)) throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`put ${key}: content must be bytes (Uint8Array)`);
    try {
      ensureDir(dirname(p));
      await atomicWrite(p, bytes);
    } catch (e) {
      throw ArtifactErrors.FW_ERR_ARTIFACTS_BACKEND(`could not write artifact ${this.uriFor(key)}: ${isFwError(e) ? e.message : (e as Error).message}`, undefined, e);
    }
    return this.uriFor(key);
  }

  async get(key: string): Promise<Uint8Array> {
    const p = this.pathOf(key);
    try {
      return new Uint8Array(await readFile(p));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') throw ArtifactErrors.FW_ERR_ARTIFACTS_NOT_FOUND(`no artifact ${key} in ${this.rootUri}`);
      throw ArtifactErrors.FW_ERR_ARTIFACTS_BACKEND(`could not read artifact ${p}: ${(e as Error).message}`, undefined, e);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (e) {
      if (isFwError(e)) throw e;
      return false;
    }
  }

  async list(prefix = ''): Promise<string[]> {
    checkPrefix(prefix);
    const out: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw ArtifactErrors.FW_ERR_ARTIFACTS_BACKEND(`could not list ${dir}: ${(e as Error).message}`, undefined, e);
      }
      for (const ent of entries) {
        if (ent.name.startsWith('.') && ent.name.endsWith('.tmp')) continue; // in-progress atomic writes
        const key = rel ? `${rel}/${ent.name}` : ent.name;
        if (ent.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(join(dir, ent.name), key);
        } else if (ent.isFile() && key.startsWith(prefix)) out.push(key);
      }
    };
    await walk(this.root, '');
    return out.sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
