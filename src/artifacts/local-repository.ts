import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ensureDir } from '../core/ensure-dir.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { atomicWrite } from '../core/atomic-write.js';
import { isFwError } from '../core/errors.js';
import type { ArtifactRepository } from './artifact-repository.js';
import { ArtifactErrors } from './errors.js';
import { checkKey, checkPrefix } from './keys.js';

/**
 * Artifacts as files under a root folder. Writes go through atomicWrite (temp file + fsync + rename).
 *
 * URIs: when the root lies inside the project folder (`baseDir`, the default `.forewarn/artifacts` does), URIs are
 * project-relative, `file:.forewarn/artifacts/sha256/ab/….json`, so the registry keeps working after the project
 * folder is moved or copied. A root outside the project gets absolute `file:///…` URIs. Both forms are read, so
 * versions registered before relative URIs existed (absolute) still load where they were written.
 */
export class LocalArtifactRepository implements ArtifactRepository {
  readonly root: string;
  readonly rootUri: string;
  private readonly baseDir: string;
  /** POSIX path of the root relative to baseDir, or null when the root is outside it (absolute URIs). */
  private readonly relativeRoot: string | null;

  constructor(root: string, opts: { baseDir?: string } = {}) {
    this.root = resolve(root);
    this.rootUri = pathToFileURL(this.root).href.replace(/\/$/, '');
    this.baseDir = resolve(opts.baseDir ?? process.cwd());
    const rel = relative(this.baseDir, this.root);
    this.relativeRoot = opts.baseDir !== undefined && rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : null;
  }

  /** Nothing to release: every call opens and closes its own files. */
  async close(): Promise<void> {}

  private pathOf(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  uriFor(key: string): string {
    const encoded = checkKey(key).split('/').map(encodeURIComponent).join('/');
    return this.relativeRoot === null ? `${this.rootUri}/${encoded}` : `file:${this.relativeRoot.split('/').map(encodeURIComponent).join('/')}/${encoded}`;
  }

  keyFor(uri: string): string {
    let path: string;
    try {
      if (uri.startsWith('file://')) path = fileURLToPath(uri);
      else if (uri.startsWith('file:')) {
        // `file:<relative>` is relative to the project folder (the same rule as the `artifacts:` setting);
        // `file:/abs` is absolute.
        const p = uri.slice(5).split('/').map(decodeURIComponent).join('/');
        path = isAbsolute(p) ? resolve(p) : resolve(this.baseDir, p);
      } else path = resolve(uri);
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
