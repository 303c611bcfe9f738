import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactRepository } from './artifact-repository.js';
import { ArtifactErrors } from './errors.js';
import { LocalArtifactRepository } from './local-repository.js';
import { S3ArtifactRepository, type S3Options } from './s3-repository.js';

export interface OpenArtifactsOptions {
  /** Folder that relative paths resolve against (the project dir); default cwd. */
  baseDir?: string;
  s3?: S3Options;
}

type Opener = (uri: string, opts: OpenArtifactsOptions) => ArtifactRepository;

const openers = new Map<string, Opener>([
  ['file', (uri, opts) => new LocalArtifactRepository(fileURLToPath(uri.startsWith('file://') ? uri : `file://${uri.slice(5)}`), { baseDir: opts.baseDir })],
  ['s3', (uri, opts) => new S3ArtifactRepository(uri, opts.s3)],
]);

export function registerArtifactScheme(scheme: string, opener: Opener): void {
  openers.set(scheme, opener);
}

export function knownArtifactSchemes(): string[] {
  return ['<path>', ...[...openers.keys()].map((s) => (s === 'file' ? 'file:' : `${s}://`))];
}

/**
 * Open the repository for a root URI: a plain path or `file:` → local folder, `s3://bucket/prefix` → S3.
 * Anything else fails naming the known schemes (a typo like `s3:/bucket` must not silently become a folder).
 */
export function openArtifactRepository(uri: string, opts: OpenArtifactsOptions = {}): ArtifactRepository {
  if (typeof uri !== 'string' || uri.trim() === '') throw ArtifactErrors.FW_ERR_ARTIFACTS_UNKNOWN_SCHEME(`artifact uri must be a non-empty string (known: ${knownArtifactSchemes().join(', ')})`);
  const m = /^([a-z][a-z0-9+.-]+):/i.exec(uri);
  if (!m) return new LocalArtifactRepository(isAbsolute(uri) ? uri : resolve(opts.baseDir ?? process.cwd(), uri), { baseDir: opts.baseDir });
  const scheme = m[1]!.toLowerCase();
  const opener = openers.get(scheme);
  if (!opener) throw ArtifactErrors.FW_ERR_ARTIFACTS_UNKNOWN_SCHEME(`artifact uri ${JSON.stringify(uri)}: unknown scheme "${m[1]}:"; known: ${knownArtifactSchemes().join(', ')}`);
  if (scheme === 's3' && !uri.startsWith('s3://')) throw ArtifactErrors.FW_ERR_ARTIFACTS_UNKNOWN_SCHEME(`artifact uri ${JSON.stringify(uri)}: S3 URIs are s3://<bucket>[/<prefix>]`);
  if (scheme === 'file' && !uri.startsWith('file://')) {
    // `file:relative/dir` → relative to the project; `file:/abs` → absolute.
    const p = uri.slice(5);
    return new LocalArtifactRepository(isAbsolute(p) ? p : resolve(opts.baseDir ?? process.cwd(), p), { baseDir: opts.baseDir });
  }
  try {
    return opener(uri, opts);
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('FW_ERR_')) throw e;
    throw ArtifactErrors.FW_ERR_ARTIFACTS_UNKNOWN_SCHEME(`artifact uri ${JSON.stringify(uri)}: ${(e as Error).message}`, undefined, e);
  }
}
