import { Readable } from "node:stream";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import type { BlobStore, ByteRange, PutOptions } from "./blob-store.ts";
import { countBytes } from "./byte-counter.ts";
import { assertValidKey, assertValidPrefix } from "./keys.ts";
import { checkRange } from "./range.ts";

export interface S3BlobStoreSettings {
  bucket: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

type S3Sdk = typeof import("@aws-sdk/client-s3");

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === "NoSuchKey" || error.name === "NotFound" || status === 404;
}

/**
 * Blobs as objects in one S3 (or S3-compatible) bucket. S3 writes are atomic per object;
 * streams go up as a multipart upload so their length need not be known. The SDK is loaded
 * on first use: importing it costs start-up time (and warns on older Node versions) in every
 * process that only ever uses the filesystem store.
 */
export class S3BlobStore implements BlobStore {
  private readonly bucket: string;
  private readonly config: S3ClientConfig;
  private loaded: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;

  constructor(settings: S3BlobStoreSettings) {
    if (!settings.bucket) throw new Error("S3 blob store: a bucket name is required");
    if ((settings.accessKeyId === undefined) !== (settings.secretAccessKey === undefined)) {
      throw new Error("S3 blob store: give both accessKeyId and secretAccessKey, or neither");
    }
    this.bucket = settings.bucket;
    this.config = {
      region: settings.region ?? "us-east-1",
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      ...(settings.forcePathStyle === undefined ? {} : { forcePathStyle: settings.forcePathStyle }),
      ...(settings.accessKeyId === undefined || settings.secretAccessKey === undefined
        ? {}
        : {
            credentials: {
              accessKeyId: settings.accessKeyId,
              secretAccessKey: settings.secretAccessKey,
            },
          }),
    };
  }

  private load(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    this.loaded ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client: new sdk.S3Client(this.config),
    }));
    return this.loaded;
  }

  async put(
    key: string,
    body: NodeJS.ReadableStream | Buffer,
    // `durable` needs nothing: an object S3 has acknowledged is stored.
    options: PutOptions = {},
  ): Promise<{ size: number }> {
    assertValidKey(key);
    const { sdk, client } = await this.load();
    const contentType =
      options.contentType === undefined ? {} : { ContentType: options.contentType };
    if (Buffer.isBuffer(body)) {
      await client.send(
        new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ...contentType }),
      );
      return { size: body.length };
    }
    const counted = countBytes(body);
    const { Upload } = await import("@aws-sdk/lib-storage");
    await new Upload({
      client,
      params: { Bucket: this.bucket, Key: key, Body: counted.stream, ...contentType },
    }).done();
    return { size: counted.size() };
  }

  async get(key: string, range?: ByteRange): Promise<NodeJS.ReadableStream | null> {
    assertValidKey(key);
    checkRange(range);
    if (range && range.end <= range.start) return (await this.head(key)) ? Readable.from([]) : null;
    const { sdk, client } = await this.load();
    try {
      const response = await client.send(
        new sdk.GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
        }),
      );
      if (response.Body === undefined) return Readable.from([]);
      return response.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async head(
    key: string,
  ): Promise<{ size: number; modifiedAt: Date; contentType?: string } | null> {
    assertValidKey(key);
    const { sdk, client } = await this.load();
    try {
      const response = await client.send(
        new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return {
        size: response.ContentLength ?? 0,
        modifiedAt: response.LastModified ?? new Date(0),
        ...(response.ContentType === undefined ? {} : { contentType: response.ContentType }),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    const { sdk, client } = await this.load();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number; modifiedAt: Date }> {
    assertValidPrefix(prefix);
    const { sdk, client } = await this.load();
    let continuationToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield {
          key: object.Key,
          size: object.Size ?? 0,
          modifiedAt: object.LastModified ?? new Date(0),
        };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }
}
