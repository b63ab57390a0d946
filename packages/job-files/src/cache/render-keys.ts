import type { JobFilesContext } from "../context.ts";
import { containerPath } from "../context.ts";
import { containerFileChecksum } from "./checksum.ts";
import { assertCacheKeyLength, renderKeyTemplate } from "./key-template.ts";

/** Renders a cache key template against the job, hashing `checksum` files in its container. */
export async function renderCacheKey(context: JobFilesContext, template: string): Promise<string> {
  const key = await renderKeyTemplate(template, context.keyValues, async (path) =>
    containerFileChecksum(context.files, await containerPath(context, path)),
  );
  assertCacheKeyLength(key);
  return key;
}
