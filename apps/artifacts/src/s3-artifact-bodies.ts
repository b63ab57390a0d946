import { PassThrough, Readable } from "node:stream";
import {
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { S3BlobStoreSettings } from "@cairn/storage";
import type { ArtifactBodies, OpenedBody } from "./artifact-bodies.ts";

/** How long a presigned artifact URL stays valid. */
export const PRESIGNED_URL_SECONDS = 60;

/**
 * Artifacts in the S3 blob store's bucket. Passive files are a redirect to a presigned URL
 * (the bytes never pass through this server); HTML and other active types are streamed by
 * `open`, because only this server can add the sandbox header.
 */
export class S3ArtifactBodies implements ArtifactBodies {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(settings: S3BlobStoreSettings) {
    this.bucket = settings.bucket;
    const config: S3ClientConfig = {
      region: settings.region ?? "us-east-1",
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      ...(settings.forcePathStyle === undefined ? {} : { forcePathStyle: settings.forcePathStyle }),
      ...(settings.accessKeyId && settings.secretAccessKey
        ? {
            credentials: {
              accessKeyId: settings.accessKeyId,
              secretAccessKey: settings.secretAccessKey,
            },
          }
        : {}),
    };
    this.client = new S3Client(config);
  }

  async redirectUrl(key: string, contentType: string): Promise<string | null> {
    if ((await this.size(key)) === null) return null;
    // The type Cairn checked, not whatever the object was stored with.
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: PRESIGNED_URL_SECONDS });
  }

  async open(key: string): Promise<OpenedBody | null> {
    const size = await this.size(key);
    if (size === null) return null;
    return {
      size,
      stream: (range) => {
        const out = new PassThrough();
        this.client
          .send(
            new GetObjectCommand({
              Bucket: this.bucket,
              Key: key,
              ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
            }),
          )
          .then((object) => {
            if (!(object.Body instanceof Readable)) throw new Error("S3 answered without a body");
            object.Body.on("error", (error) => out.destroy(error)).pipe(out);
          })
          .catch((error: unknown) => out.destroy(error as Error));
        return out;
      },
      close: async () => undefined,
    };
  }

  destroy(): void {
    this.client.destroy();
  }

  private async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      if (status === 404) return null;
      throw error;
    }
  }
}
