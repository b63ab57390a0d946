import type { z } from "zod";
import { HttpError } from "./http-error.ts";

/** JSON bodies of the REST API (pipeline parameters are the largest part). */
export const JSON_BODY_LIMIT = 256 * 1024;

const tooLarge = (limit: number) =>
  new HttpError(413, `The request body is larger than ${Math.round(limit / 1024)} KB.`);

/**
 * The untouched body, refused with 413 as soon as it passes `limit` bytes: a declared
 * Content-Length is checked first, then the stream is counted (a chunked body has none).
 */
export async function readRawBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`)
    .join("; ");
}

/** A JSON body validated by `schema`: 413 when too large, 400 with what is wrong otherwise. */
export async function readJsonBody<TSchema extends z.ZodType>(
  request: Request,
  schema: TSchema,
  limit = JSON_BODY_LIMIT,
): Promise<z.infer<TSchema>> {
  const raw = await readRawBody(request, limit);
  let parsed: unknown;
  try {
    parsed =
      raw.byteLength === 0 ? {} : JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new HttpError(400, `Invalid request body: ${describeIssues(result.error)}`);
  return result.data;
}
