import type { HostedProviderId } from "@cairn/vcs";

/**
 * The repository a delivery is about, read before its signature can be checked (the
 * secret belongs to the project that follows that repository): GitHub `repository.id`,
 * GitLab `project.id` (or `project_id`), Bitbucket `repository.uuid`. Null when the body
 * is not JSON or names none. Nothing else is trusted until the signature is verified.
 */
export function repositoryIdOf(
  provider: HostedProviderId,
  rawBody: string | Uint8Array,
): string | null {
  let body: unknown;
  try {
    body = JSON.parse(
      typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8"),
    );
  } catch {
    return null;
  }
  if (!body || typeof body !== "object") return null;
  const record = body as Record<string, unknown>;
  const field = (value: unknown, key: string): unknown =>
    value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  const id =
    provider === "github"
      ? field(record.repository, "id")
      : provider === "gitlab"
        ? (field(record.project, "id") ?? record.project_id)
        : field(record.repository, "uuid");
  if (typeof id === "number" && Number.isSafeInteger(id)) return String(id);
  if (typeof id === "string" && id.length > 0 && id.length <= 100) return id;
  return null;
}
