/**
 * Where artifacts (model JSON, ONNX, reports) live. Backends implement only these primitives; everything else
 * (content-addressed puts, file up/download, tree copy) is derived once in artifact-ops.ts.
 *
 * Keys are relative POSIX paths (`runs/<id>/model.json`); URIs are the backend's absolute form
 * (`file:///…/runs/<id>/model.json`, `s3://bucket/prefix/runs/<id>/model.json`).
 */
export interface ArtifactRepository {
  /** URI of the repository root (no trailing slash). */
  readonly rootUri: string;
  /** Store `bytes` under `key`, replacing any previous object atomically (readers see old or new, never half). */
  put(key: string, bytes: Uint8Array): Promise<string>;
  /** The object's bytes; FW_ERR_ARTIFACTS_NOT_FOUND when absent. */
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** Keys under `prefix` (a folder-ish key prefix, '' = all), sorted. */
  list(prefix?: string): Promise<string[]>;
  /** Remove the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Absolute URI of `key`. */
  uriFor(key: string): string;
  /** Key of an absolute URI in this repository; FW_ERR_ARTIFACTS_FOREIGN_URI when it is elsewhere. */
  keyFor(uri: string): string;
  /** Release connections / sockets (S3 client); the repository is unusable afterwards. Idempotent. */
  close(): Promise<void>;
}
