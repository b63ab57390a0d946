import type { Db, Prisma, Tx } from "@cairn/db";
import type { Viewer } from "../access/viewer.ts";
import { ApiError } from "../errors.ts";

/** Who did it. `system`: Cairn itself (the worker, the command line). */
export interface AuditActor {
  id: string | null;
  type: "user" | "api_token" | "system";
  name: string | null;
}

/** One audit event: who, what (action and target), where (organization, project, IP), outcome. */
export interface AuditEventInput {
  /** `<noun>.<verb>`, e.g. `project.env_var.create`, `context.use`, `user.sign_in`. */
  action: string;
  actor: AuditActor;
  target?: { type: string; id?: string | null; name?: string | null };
  organizationId?: string | null;
  projectId?: string | null;
  success: boolean;
  clientIp?: string | null;
  /** Extra facts, never a secret value (names, ids, reasons). */
  metadata?: Record<string, Prisma.InputJsonValue | null>;
}

const MAX_TEXT = 500;
const clip = (text: string | null | undefined) =>
  text === null || text === undefined ? null : text.slice(0, MAX_TEXT);

/**
 * Writes one audit event. Every service that changes or uses a secret, a context, a
 * project's settings, a token or a session calls it; it is exported so that other sign-in
 * paths (OAuth) record theirs the same way.
 */
export async function recordAudit(db: Db | Tx, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: event.action,
      actorId: event.actor.id,
      actorType: event.actor.type,
      actorName: clip(event.actor.name),
      targetType: event.target?.type ?? null,
      targetId: clip(event.target?.id),
      targetName: clip(event.target?.name),
      organizationId: event.organizationId ?? null,
      projectId: event.projectId ?? null,
      success: event.success,
      clientIp: clip(event.clientIp),
      metadata: event.metadata ?? {},
    },
  });
}

/** The audit actor for a signed-in user or an API token's owner. */
export function actorOf(viewer: Viewer): AuditActor {
  return {
    id: viewer.id,
    type: viewer.apiTokenId ? "api_token" : "user",
    name: viewer.login ?? viewer.name ?? null,
  };
}

/** What a service learns about its target while it works (ids found after a lookup). */
export type AuditNote = Pick<AuditEventInput, "target" | "organizationId" | "projectId"> & {
  action: string;
  metadata?: AuditEventInput["metadata"];
};

/**
 * Runs a change on behalf of `viewer` and records its audit event: success when `work`
 * returns, failure (with the safe reason of an ApiError) when it throws. `work` fills in
 * `note` as it finds the target, so a refusal still names what was asked for.
 */
export async function audited<T>(
  db: Db,
  viewer: Viewer,
  note: AuditNote,
  work: (note: AuditNote) => Promise<T>,
): Promise<T> {
  const record = (success: boolean, extra?: AuditEventInput["metadata"]) =>
    recordAudit(db, {
      ...note,
      actor: actorOf(viewer),
      clientIp: viewer.clientIp ?? null,
      success,
      metadata: { ...note.metadata, ...extra, ...tokenNote(viewer) },
    });
  let result: T;
  try {
    result = await work(note);
  } catch (error) {
    const reason = error instanceof ApiError ? error.message : "unexpected error";
    await record(false, { error: reason }).catch(() => undefined);
    throw error;
  }
  await record(true);
  return result;
}

function tokenNote(viewer: Viewer): Record<string, string> {
  return viewer.apiTokenId ? { apiTokenId: viewer.apiTokenId } : {};
}

/** The audit note of a change to one project, completed once the project is found. */
export function projectNote(action: string, slug: string): AuditNote {
  return { action, target: { type: "project", name: slug.slice(0, 200) } };
}

export function describeProject(
  note: AuditNote,
  project: { id: string; slug: string; organizationId: string },
) {
  note.target = { type: "project", id: project.id, name: project.slug };
  note.projectId = project.id;
  note.organizationId = project.organizationId;
}
