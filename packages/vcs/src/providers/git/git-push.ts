import { z } from "zod";
import { VcsError } from "../../errors.ts";
import { makePushEvent, type PushEvent } from "../../push-event.ts";

const ZCommitShaSchema = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/, "must be a 40- or 64-character hex commit id")
  .transform((sha) => sha.toLowerCase());

// The parts of git's check-ref-format rules that matter for a name shown and matched
// against branch filters.
const ZRefSchema = z
  .string()
  .max(1024)
  .regex(/^refs\/(heads|tags)\/./, "must start with refs/heads/ or refs/tags/")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  .refine((ref) => !/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|\/$|\.lock$|\.$/.test(ref), {
    message: "is not a valid git ref name",
  });

export const ZGitPushBodySchema = z.object({
  ref: ZRefSchema,
  before: ZCommitShaSchema.optional(),
  after: ZCommitShaSchema,
  /** Sent by the post-receive hook: a random id per push, so identical pushes stay distinct. */
  delivery: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "must be 1-100 letters, digits, '.', '_' or '-'")
    .optional(),
});

export type TGitPushBody = z.infer<typeof ZGitPushBodySchema>;

/**
 * Parses the body of `POST /api/hooks/git/<project>`:
 * `{"ref":"refs/heads/main","before":"<sha>","after":"<sha>"}`. Accepts the raw body
 * or already-parsed JSON. An all-zero `after` means the ref was deleted.
 */
export function parseGitPush(body: unknown): PushEvent & { delivery?: string } {
  const parsed = ZGitPushBodySchema.safeParse(decodeJson(body));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.join(".");
      const message = /received undefined$/.test(issue.message) ? "is required" : issue.message;
      return field === "" ? message : `${field} ${message}`;
    });
    throw new VcsError("invalid_push", `Invalid push body: ${problems.join("; ")}.`);
  }
  const { ref, before, after, delivery } = parsed.data;
  const event = makePushEvent(ref, before ?? null, after);
  return delivery === undefined ? event : { ...event, delivery };
}

function decodeJson(body: unknown): unknown {
  if (typeof body !== "string" && !(body instanceof Uint8Array)) return body;
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new VcsError("invalid_push", "Invalid push body: not valid JSON.");
  }
}
