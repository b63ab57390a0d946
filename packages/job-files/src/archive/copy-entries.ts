import { Readable } from "node:stream";
import * as tar from "tar-stream";
import { destroyStream } from "./destroy.ts";

export type TarHeader = tar.Header;

/**
 * What to do with one entry of a source archive: a new name (and, for hard links, the new
 * name of the entry it links to), or null to leave it out.
 */
export type EntryRenamer = (header: TarHeader) => { name: string; linkname?: string } | null;

/**
 * Streams the entries of `source` into `pack` under new names, one entry at a time, so
 * memory stays flat whatever the archive's size.
 */
export async function copyEntries(
  source: NodeJS.ReadableStream,
  pack: tar.Pack,
  rename: EntryRenamer,
  onEntry?: (header: TarHeader) => void,
): Promise<void> {
  const extract = tar.extract();
  source.on("error", (error) => extract.destroy(error));
  source.pipe(extract);
  try {
    await copyAll(extract, pack, rename, onEntry);
  } finally {
    destroyStream(source);
  }
}

async function copyAll(
  extract: tar.Extract,
  pack: tar.Pack,
  rename: EntryRenamer,
  onEntry: ((header: TarHeader) => void) | undefined,
): Promise<void> {
  for await (const entry of extract) {
    const renamed = rename(entry.header);
    if (renamed === null) {
      entry.resume();
      continue;
    }
    const header = withName(entry.header, renamed);
    onEntry?.(header);
    await writeEntry(pack, header, entry);
  }
}

async function writeEntry(
  pack: tar.Pack,
  header: TarHeader,
  body: AsyncIterable<unknown> & { resume(): void },
): Promise<void> {
  const written = new Promise<void>((resolve, reject) => {
    const sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    if (header.type === "file" || header.type === "contiguous-file") {
      copyBody(body, sink).catch((error: unknown) => sink.destroy(error as Error));
    } else {
      body.resume();
    }
  });
  await written;
}

/** Copies with backpressure: waits for the packer to drain whenever it says so. */
async function copyBody(
  body: AsyncIterable<unknown>,
  sink: ReturnType<tar.Pack["entry"]>,
): Promise<void> {
  for await (const chunk of body) {
    if (!sink.write(chunk))
      await new Promise<void>((resolve) => sink.once("drain", () => resolve()));
  }
  // streamx declares end(data) with a required argument; null means "no final chunk".
  sink.end(null);
}

// tar-stream writes `pax.path` / `pax.linkpath` after the new name, and the last one wins
// on extraction, so the old ones must go; other pax records (xattrs, precise times) stay.
function withName(header: TarHeader, renamed: { name: string; linkname?: string }): TarHeader {
  const next: TarHeader = { ...header, name: renamed.name };
  if (header.type === "link" && renamed.linkname !== undefined) next.linkname = renamed.linkname;
  if (header.pax && typeof header.pax === "object") {
    const {
      path: _path,
      linkpath: _linkpath,
      size: _size,
      ...rest
    } = header.pax as Record<string, string>;
    next.pax = Object.keys(rest).length > 0 ? rest : null;
  }
  return next;
}

/** A new tar packer. */
export function createPack(): tar.Pack {
  return tar.pack();
}

/**
 * tar-stream's streams are streamx streams; Docker's client and the blob stores expect
 * Node streams. Iterating keeps the backpressure.
 */
export function toNodeReadable(stream: AsyncIterable<unknown>): Readable {
  return Readable.from(stream, { objectMode: false });
}
