import { type Db, isUniqueViolation } from "@cairn/db";
import { z } from "zod";
import { isManagerRole, organizationRole } from "../access/organization-role.ts";
import type { Viewer } from "../access/viewer.ts";
import { type AuditNote, audited } from "../audit/record-audit.ts";
import { manageableOwner, visibleOwner } from "../contexts/context-owner.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";

export const ZCreateGroupSchema = z.object({
  name: z.string().trim().min(1, "name must not be empty").max(100),
  organizationSlug: z.string().min(1).max(100).optional(),
});
export type TCreateGroup = z.infer<typeof ZCreateGroupSchema>;

const GROUP_NOT_FOUND = "Group not found";

function groupNote(action: string, groupId: string): AuditNote {
  return { action, target: { type: "group", id: groupId.slice(0, 100) } };
}

/**
 * A group the viewer may manage: outsiders get not_found, plain members forbidden (they may
 * see groups but not change who is in them).
 */
async function findManageableGroup(db: Db, viewer: Viewer, groupId: string, note: AuditNote) {
  const group =
    groupId.length <= 100 ? await db.group.findUnique({ where: { id: groupId } }) : null;
  const role = group ? await organizationRole(db, viewer, group.organizationId) : null;
  if (!group || !role) throw new ApiError("not_found", GROUP_NOT_FOUND);
  note.target = { type: "group", id: group.id, name: group.name };
  note.organizationId = group.organizationId;
  if (!isManagerRole(role)) {
    throw new ApiError("forbidden", "Only an owner or admin of the organization can change groups");
  }
  return group;
}

/** A new, empty group in an organization the viewer owns or administers (else their own). */
export async function createGroup(services: Services, viewer: Viewer, input: TCreateGroup) {
  const note: AuditNote = { action: "group.create", target: { type: "group" } };
  return audited(services.db, viewer, note, async () => {
    const parsed = ZCreateGroupSchema.safeParse(input);
    if (!parsed.success) {
      throw new ApiError("invalid_input", parsed.error.issues.map((i) => i.message).join("; "));
    }
    note.target = { type: "group", name: parsed.data.name };
    const organization = await manageableOwner(services.db, viewer, parsed.data.organizationSlug);
    note.organizationId = organization.id;
    try {
      const group = await services.db.group.create({
        data: { organizationId: organization.id, name: parsed.data.name },
      });
      note.target.id = group.id;
      return { id: group.id, name: group.name, organizationId: group.organizationId };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ApiError("conflict", `A group named "${parsed.data.name}" already exists`);
      }
      throw error;
    }
  });
}

/** The groups of an organization the viewer belongs to, with their members' logins. */
export async function listGroups(services: Services, viewer: Viewer, organizationSlug?: string) {
  const organization = await visibleOwner(services.db, viewer, organizationSlug);
  const groups = await services.db.group.findMany({
    where: { organizationId: organization.id },
    orderBy: { name: "asc" },
    include: { members: { include: { user: { select: { id: true, login: true, name: true } } } } },
  });
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    members: group.members.map(({ user }) => ({ id: user.id, login: user.login, name: user.name })),
  }));
}

export async function deleteGroup(services: Services, viewer: Viewer, groupId: string) {
  const note = groupNote("group.delete", groupId);
  return audited(services.db, viewer, note, async () => {
    const group = await findManageableGroup(services.db, viewer, groupId, note);
    await services.db.group.delete({ where: { id: group.id } });
    return { message: "Group deleted." };
  });
}

/** Adds a member of the group's organization to it (adding twice changes nothing). */
export async function addGroupMember(
  services: Services,
  viewer: Viewer,
  groupId: string,
  userId: string,
) {
  const note = groupNote("group.member.add", groupId);
  note.metadata = { userId: userId.slice(0, 100) };
  return audited(services.db, viewer, note, async () => {
    const { db } = services;
    const group = await findManageableGroup(db, viewer, groupId, note);
    const membership =
      userId.length <= 100
        ? await db.membership.findUnique({
            where: { userId_organizationId: { userId, organizationId: group.organizationId } },
          })
        : null;
    if (!membership) throw new ApiError("not_found", "No such member of this organization");
    await db.groupMember.upsert({
      where: { groupId_userId: { groupId: group.id, userId } },
      create: { groupId: group.id, userId },
      update: {},
    });
    return { group_id: group.id, user_id: userId };
  });
}

export async function removeGroupMember(
  services: Services,
  viewer: Viewer,
  groupId: string,
  userId: string,
) {
  const note = groupNote("group.member.remove", groupId);
  note.metadata = { userId: userId.slice(0, 100) };
  return audited(services.db, viewer, note, async () => {
    const group = await findManageableGroup(services.db, viewer, groupId, note);
    const { count } = await services.db.groupMember.deleteMany({
      where: { groupId: group.id, userId },
    });
    if (count === 0) throw new ApiError("not_found", "Not a member of this group");
    return { message: "Member removed." };
  });
}
