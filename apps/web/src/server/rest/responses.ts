import { ApiError, HTTP_STATUS } from "@cairn/api";
import { HttpError } from "./http-error.ts";

const NO_STORE = { "Cache-Control": "no-store" };

export const jsonResponse = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: NO_STORE });

/** Every error answer is `{"message": "..."}`; the message is meant for the caller. */
export const errorResponse = (status: number, message: string) => jsonResponse({ message }, status);

/**
 * The answer for anything a route threw: typed refusals keep their status and message;
 * anything else is logged here (message only — never the request) and answered with a
 * bare 500, so no stack trace or internal detail reaches the caller.
 */
export function responseForError(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(HTTP_STATUS[error.code], error.message);
  if (error instanceof HttpError) return errorResponse(error.status, error.message);
  console.error(`REST request failed: ${error instanceof Error ? error.message : String(error)}`);
  return errorResponse(500, "Internal error");
}
