import { ArtifactErrors } from './errors.js';

/** A key must be a clean relative path: backends map it to files / object names without surprises. */
export function checkKey(key: unknown, field = 'artifact key'): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024) {
    throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`${field}: expected a relative path of 1–1024 characters, got ${JSON.stringify(key)}`);
  }
  if (key.startsWith('/') || key.includes('\\') || /[\u0000-\u001f\u007f]/.test(key)) {
    throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`${field} ${JSON.stringify(key)}: must be relative, use "/" separators and contain no control characters`);
  }
  for (const seg of key.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') {
      throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`${field} ${JSON.stringify(key)}: empty, "." and ".." path segments are not allowed`);
    }
    if (seg.startsWith('.') && seg.endsWith('.tmp')) {
      throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`${field} ${JSON.stringify(key)}: names like ".x.tmp" are reserved for in-progress writes`);
    }
  }
  return key;
}

/** A list prefix: '' or a key prefix (may end with '/'). */
export function checkPrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === '') return '';
  if (typeof prefix !== 'string') throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`list prefix: expected a string, got ${typeof prefix}`);
  checkKey(prefix.replace(/\/$/, ''), 'list prefix');
  return prefix;
}
