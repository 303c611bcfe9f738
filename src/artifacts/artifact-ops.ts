import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { atomicWrite } from '../core/atomic-write.js';
import { sha256 } from '../core/hash.js';
import type { ArtifactRepository } from './artifact-repository.js';
import { ArtifactErrors } from './errors.js';
import { checkKey } from './keys.js';

/** Operations derived once from the primitives, so every backend gets them for free and identically. */

const CAS = /^sha256\/[0-9a-f]{2}\/([0-9a-f]{64})(?:\.[A-Za-z0-9]+)?$/;

/**
 * Content-addressed put: the key is the sha256 of the bytes (`sha256/ab/abcd….json`), so equal content is stored
 * once and a URI always means the same bytes. Returns the URI and the hash.
 */
export async function putContent(repo: ArtifactRepository, bytes: Uint8Array, ext = ''): Promise<{ uri: string; sha256: string; key: string }> {
  if (ext && !/^\.[A-Za-z0-9]{1,10}$/.test(ext)) throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`extension ${JSON.stringify(ext)}: expected like ".json"`);
  const h = sha256(bytes);
  const key = `sha256/${h.slice(0, 2)}/${h}${ext}`;
  const uri = (await repo.exists(key)) ? repo.uriFor(key) : await repo.put(key, bytes);
  return { uri, sha256: h, key };
}

/** Bytes at a URI of this repository; content-addressed keys are verified against their hash. */
export async function getByUri(repo: ArtifactRepository, uri: string): Promise<Uint8Array> {
  const key = repo.keyFor(uri);
  const bytes = await repo.get(key);
  const m = CAS.exec(key);
  if (m && sha256(bytes) !== m[1]) throw ArtifactErrors.FW_ERR_ARTIFACTS_INTEGRITY(`${uri}: stored bytes hash to ${sha256(bytes)}, not ${m[1]}`);
  return bytes;
}

export async function putFile(repo: ArtifactRepository, key: string, path: string): Promise<string> {
  checkKey(key);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw ArtifactErrors.FW_ERR_ARTIFACTS_NOT_FOUND(`cannot read ${path}: ${(e as Error).message}`, undefined, e);
  }
  return repo.put(key, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Download to a local file atomically (temp + rename). */
export async function getToFile(repo: ArtifactRepository, key: string, path: string): Promise<void> {
  await atomicWrite(path, await repo.get(key));
}

/** Upload every file under `dir` to `keyPrefix/<relative path>`; returns the keys written, sorted. */
export async function copyTree(repo: ArtifactRepository, dir: string, keyPrefix: string): Promise<string[]> {
  const prefix = keyPrefix.replace(/\/$/, '');
  if (prefix) checkKey(prefix, 'key prefix');
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile());
  const keys: string[] = [];
  for (const f of files) {
    const full = join(f.parentPath, f.name);
    const rel = relative(dir, full).split(sep).join('/');
    const key = prefix ? `${prefix}/${rel}` : rel;
    await putFile(repo, key, full);
    keys.push(key);
  }
  return keys.sort();
}
