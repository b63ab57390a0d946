/** A push, as every provider reports it once normalized. */
export type PushEvent = PushEventBase &
  ({ branch: string; tag?: never } | { tag: string; branch?: never });

interface PushEventBase {
  /** Full ref name: `refs/heads/main`, `refs/tags/v1.0`. */
  ref: string;
  /** Commit the ref pointed to before the push; null when unknown. */
  before: string | null;
  /** Commit it points to now; all zeros when the ref was deleted. */
  after: string;
  /** The ref was deleted: there is nothing to build. */
  deleted: boolean;
  /** The ref did not exist before (`before` is all zeros). */
  created: boolean;
}

const ZERO_SHA = /^0+$/;

/** Fills in branch/tag and the created/deleted flags from a ref and its two commits. */
export function makePushEvent(ref: string, before: string | null, after: string): PushEvent {
  const base = {
    ref,
    before,
    after,
    deleted: ZERO_SHA.test(after),
    created: before !== null && ZERO_SHA.test(before),
  };
  if (ref.startsWith("refs/tags/")) return { ...base, tag: ref.slice("refs/tags/".length) };
  if (ref.startsWith("refs/heads/")) return { ...base, branch: ref.slice("refs/heads/".length) };
  throw new Error(`Not a branch or tag ref: ${ref}`);
}
