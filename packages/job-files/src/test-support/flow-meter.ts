import { PassThrough } from "node:stream";
import type { BlobStore } from "@cairn/storage";
import type { ContainerFiles } from "../container/container-files.ts";

/**
 * Measures how far a transfer runs ahead of itself: bytes that left the source but have
 * not reached the destination yet. Streaming keeps this at a few buffers; holding a
 * whole file in memory makes it the file's size. Wraps the real store and container.
 */
export class FlowMeter {
  private fromSource = 0;
  private toDestination = 0;
  maxInFlight = 0;

  /** The container as a source: counts what is read out of it. */
  readingFrom(files: ContainerFiles): ContainerFiles {
    return {
      homeDirectory: () => files.homeDirectory(),
      exists: (path) => files.exists(path),
      readArchive: async (path) => this.count(await files.readArchive(path), "source"),
      writeArchive: (tar, directory) => files.writeArchive(tar, directory),
    };
  }

  /** The store as a destination: counts what it receives. */
  writingTo(store: BlobStore): BlobStore {
    return this.wrapStore(store, "put");
  }

  /** The store as a source: counts what is read out of it. */
  readingFromStore(store: BlobStore): BlobStore {
    return this.wrapStore(store, "get");
  }

  /** The container as a destination: counts what it receives. */
  writingInto(files: ContainerFiles): ContainerFiles {
    return {
      homeDirectory: () => files.homeDirectory(),
      exists: (path) => files.exists(path),
      readArchive: (path) => files.readArchive(path),
      writeArchive: (tar, directory) =>
        files.writeArchive(this.count(tar, "destination"), directory),
    };
  }

  private wrapStore(store: BlobStore, counted: "put" | "get"): BlobStore {
    return {
      put: (key, body, options) =>
        store.put(
          key,
          counted === "put" && !Buffer.isBuffer(body) ? this.count(body, "destination") : body,
          options,
        ),
      get: async (key) => {
        const stream = await store.get(key);
        return counted === "get" && stream ? this.count(stream, "source") : stream;
      },
      head: (key) => store.head(key),
      delete: (key) => store.delete(key),
      list: (prefix) => store.list(prefix),
    };
  }

  private count(stream: NodeJS.ReadableStream, side: "source" | "destination"): PassThrough {
    const meter = new PassThrough();
    meter.on("data", (chunk: Buffer) => {
      if (side === "source") this.fromSource += chunk.length;
      else this.toDestination += chunk.length;
      this.maxInFlight = Math.max(this.maxInFlight, this.fromSource - this.toDestination);
    });
    stream.on("error", (error) => meter.destroy(error));
    return stream.pipe(meter);
  }
}
