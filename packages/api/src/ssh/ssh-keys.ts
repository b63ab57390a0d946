import { type Db, isUniqueViolation } from "@cairn/db";
import { InvalidPublicKeyError, parsePublicKey } from "@cairn/ssh-gateway/keys";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { actorOf, recordAudit } from "../audit/record-audit.ts";
import { ApiError } from "../errors.ts";
import { isoTime } from "../presenters/time.ts";

export const ZAddSshKeySchema = z.object({
  title: z.string().trim().min(1, "Give the key a title.").max(100),
  key: z
    .string()
    .min(1, "Paste a public key.")
    .max(16 * 1024),
});
export type TAddSshKey = z.infer<typeof ZAddSshKeySchema>;

const MAX_KEYS_PER_USER = 50;

export interface SshKeyItem {
  id: string;
  title: string;
  fingerprint: string;
  public_key: string;
  created_at: string | null;
}

const present = (key: {
  id: string;
  title: string;
  fingerprint: string;
  publicKey: string;
  createdAt: Date;
}): SshKeyItem => ({
  id: key.id,
  title: key.title,
  fingerprint: key.fingerprint,
  public_key: key.publicKey,
  created_at: isoTime(key.createdAt),
});

/** `GET /api/v2/me/ssh-key`: the caller's keys, newest first. */
export async function listSshKeys(db: Db, viewer: Viewer): Promise<SshKeyItem[]> {
  const keys = await db.sshKey.findMany({
    where: { userId: viewer.id },
    orderBy: { createdAt: "desc" },
  });
  return keys.map(present);
}

/**
 * `POST /api/v2/me/ssh-key {title, key}`: registers a public key for rerun-with-SSH
 * sessions. The key is parsed (ssh2) and fingerprinted; a key already registered by the
 * caller is a conflict.
 */
export async function addSshKey(db: Db, viewer: Viewer, input: TAddSshKey): Promise<SshKeyItem> {
  let parsed: ReturnType<typeof parsePublicKey>;
  try {
    parsed = parsePublicKey(input.key);
  } catch (error) {
    if (error instanceof InvalidPublicKeyError) throw new ApiError("invalid_input", error.message);
    throw error;
  }
  if ((await db.sshKey.count({ where: { userId: viewer.id } })) >= MAX_KEYS_PER_USER) {
    throw new ApiError("conflict", `At most ${MAX_KEYS_PER_USER} SSH keys per user.`);
  }
  try {
    const key = await db.sshKey.create({
      data: {
        userId: viewer.id,
        title: input.title,
        publicKey: parsed.publicKey,
        fingerprint: parsed.fingerprint,
      },
    });
    await recordAudit(db, {
      action: "user.ssh_key.create",
      actor: actorOf(viewer),
      target: { type: "ssh_key", id: key.id, name: key.title },
      success: true,
      clientIp: viewer.clientIp ?? null,
      metadata: { fingerprint: key.fingerprint },
    });
    return present(key);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("conflict", `This key (${parsed.fingerprint}) is already registered.`);
    }
    throw error;
  }
}

/** `DELETE /api/v2/me/ssh-key/{id}`: only the caller's own keys (others' are not found). */
export async function deleteSshKey(db: Db, viewer: Viewer, id: string): Promise<void> {
  const removed = await db.sshKey.deleteMany({
    where: { id: id.slice(0, 100), userId: viewer.id },
  });
  if (removed.count === 0) throw new ApiError("not_found", "SSH key not found");
  await recordAudit(db, {
    action: "user.ssh_key.delete",
    actor: actorOf(viewer),
    target: { type: "ssh_key", id },
    success: true,
    clientIp: viewer.clientIp ?? null,
  });
}
