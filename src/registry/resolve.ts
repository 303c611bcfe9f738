import type { ModelVersion } from '../entities/registry.js';
import type { ArtifactRepository } from '../artifacts/artifact-repository.js';
import { getByUri } from '../artifacts/artifact-ops.js';
import type { RegistryStore } from './registry-store.js';
import { RegistryErrors } from './errors.js';

/**
 * The version a deployment should serve: `alias` is an alias name (`production`, `staging`...), `latest`, or a
 * version number as text (`"3"`, `"v3"`) for pinning.
 */
export async function resolveModelVersion(registry: Pick<RegistryStore, 'getVersion' | 'getVersionByAlias'>, name: string, alias: string): Promise<ModelVersion> {
  if (typeof alias !== 'string' || alias === '') throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`alias: expected an alias name, "latest" or a version number, got ${JSON.stringify(alias)}`);
  const pinned = /^v?(\d+)$/.exec(alias);
  return pinned ? registry.getVersion(name, Number(pinned[1])) : registry.getVersionByAlias(name, alias);
}

/**
 * The model file's bytes for a version: the ONNX file when the version's format is 'onnx' (or `which: 'onnx'`),
 * else the forewarn JSON. Content-addressed URIs are verified against their sha256.
 */
export async function loadModelBytes(artifacts: ArtifactRepository, version: ModelVersion, which: 'auto' | 'json' | 'onnx' = 'auto'): Promise<Uint8Array> {
  const wantOnnx = which === 'onnx' || (which === 'auto' && version.format === 'onnx');
  const uri = wantOnnx ? (version.onnxUri ?? (version.format === 'onnx' ? version.artifactUri : null)) : version.artifactUri;
  if (!uri) throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`${version.modelName} v${version.version} has no ONNX artifact (format ${version.format}); load the JSON model instead`);
  return getByUri(artifacts, uri);
}
