/** Where Cairn keeps its blobs: logs, artifacts, caches, workspaces. */
export interface BlobStore {
  /** Stores a blob atomically (readers never see a partial blob). */
  put(
    key: string,
    body: NodeJS.ReadableStream | Buffer,
    options?: { contentType?: string },
  ): Promise<{ size: number }>;
  /** The blob's bytes, or null when there is none. */
  get(key: string): Promise<NodeJS.ReadableStream | null>;
  head(key: string): Promise<{ size: number; modifiedAt: Date; contentType?: string } | null>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix, in lexicographic order. */
  list(prefix: string): AsyncIterable<{ key: string; size: number; modifiedAt: Date }>;
}

export type BlobStoreSettings =
  | { kind: "filesystem"; root: string }
  | {
      kind: "s3";
      bucket: string;
      region?: string;
      endpoint?: string;
      forcePathStyle?: boolean;
      accessKeyId?: string;
      secretAccessKey?: string;
    };
