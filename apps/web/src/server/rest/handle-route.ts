import { responseForError } from "./responses.ts";

/** What Next.js hands a route handler besides the request. */
export interface RouteContext<TParams> {
  params: Promise<TParams>;
}

/**
 * Wraps a route handler so that whatever it throws becomes a `{"message"}` answer with
 * the right status (see responseForError).
 */
export function handleRoute<TParams>(
  handler: (request: Request, params: TParams) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<TParams>): Promise<Response> => {
    try {
      return await handler(request, await context.params);
    } catch (error) {
      return responseForError(error);
    }
  };
}
