import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ArtifactRepository } from './artifact-repository.js';
import { ArtifactErrors } from './errors.js';
import { checkKey, checkPrefix } from './keys.js';

export interface S3Options {
  /** Custom endpoint for S3-compatible stores (MinIO, s3rver): http://127.0.0.1:9000 */
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** bucket in the path (needed by most S3-compatible servers). Default: true when an endpoint is set. */
  forcePathStyle?: boolean;
}

/** `s3://bucket/prefix` → parts. */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw ArtifactErrors.FW_ERR_ARTIFACTS_UNKNOWN_SCHEME(`${JSON.stringify(uri)} is not a valid S3 URI (expected s3://<bucket>[/<prefix>], bucket 3–63 lower-case letters, digits, "." or "-")`);
  return { bucket: m[1]!, prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

/**
 * Artifacts as S3 objects. A put is one PutObject, which S3 makes visible atomically (readers see the old object
 * or the new one). Credentials: options, else the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY...).
 */
export class S3ArtifactRepository implements ArtifactRepository {
  readonly rootUri: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;

  constructor(uri: string, opts: S3Options = {}) {
    const { bucket, prefix } = parseS3Uri(uri);
    this.bucket = bucket;
    this.prefix = prefix;
    this.rootUri = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
    const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
    this.client = new S3Client({
      region,
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: opts.forcePathStyle ?? Boolean(endpoint),
      ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {}),
      maxAttempts: 3,
    });
  }

  private objectKey(key: string): string {
    return this.prefix ? `${this.prefix}/${checkKey(key)}` : checkKey(key);
  }

  uriFor(key: string): string {
    return `${this.rootUri}/${checkKey(key)}`;
  }

  keyFor(uri: string): string {
    if (typeof uri !== 'string' || !uri.startsWith(`${this.rootUri}/`)) throw ArtifactErrors.FW_ERR_ARTIFACTS_FOREIGN_URI(`${uri} is not inside the artifact repository ${this.rootUri}`);
    return checkKey(uri.slice(this.rootUri.length + 1));
  }

  private fail(op: string, key: string, e: unknown): never {
    throw ArtifactErrors.FW_ERR_ARTIFACTS_BACKEND(`S3 ${op} ${this.rootUri}/${key} failed: ${(e as Error).name ?? ''} ${(e as Error).message}`.trim(), undefined, e);
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    const k = this.objectKey(key);
    if (!(bytes instanceof Uint8Array)) throw ArtifactErrors.FW_ERR_ARTIFACTS_INVALID_KEY(`put ${key}: content must be bytes (Uint8Array)`);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: k, Body: bytes, ContentLength: bytes.byteLength }));
    } catch (e) {
      this.fail('PutObject', key, e);
    }
    return this.uriFor(key);
  }

  async get(key: string): Promise<Uint8Array> {
    const k = this.objectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: k }));
      return await out.Body!.transformToByteArray();
    } catch (e) {
      if (isNotFound(e)) throw ArtifactErrors.FW_ERR_ARTIFACTS_NOT_FOUND(`no artifact ${key} in ${this.rootUri}`);
      this.fail('GetObject', key, e);
    }
  }

  async exists(key: string): Promise<boolean> {
    const k = this.objectKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: k }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      this.fail('HeadObject', key, e);
    }
  }

  async list(prefix = ''): Promise<string[]> {
    checkPrefix(prefix);
    const base = this.prefix ? `${this.prefix}/` : '';
    const out: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: base + prefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key.slice(base.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      this.fail('ListObjectsV2', prefix, e);
    }
    return out.sort();
  }

  async delete(key: string): Promise<void> {
    const k = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: k }));
    } catch (e) {
      if (!isNotFound(e)) this.fail('DeleteObject', key, e);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
