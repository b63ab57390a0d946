/** A refusal made by the REST plumbing itself (body too large, not JSON, cross-site). */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
