/** Where Cairn keeps its blobs: logs, artifacts, caches, workspaces. */
export interface PutOptions {
  contentType?: string;
  durable?: boolean;
}

/** Bytes [start, end) of a blob; `end` past the blob's size stops at its end. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /**
   * Stores a blob atomically (readers never see a partial blob). `durable: false` lets a
   * store skip forcing it to disk, for blobs whose loss in a machine crash costs nothing
   * (default: durable).
   */
  put(
    key: string,
    body: NodeJS.ReadableStream | Buffer,
    options?: PutOptions,
  ): Promise<{ size: number }>;
  /** The blob's bytes (or those of `range`), or null when there is none. */
  get(key: string, range?: ByteRange): Promise<NodeJS.ReadableStream | null>;
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
