import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@cairn/db";

/** Long enough for the web app to connect to the gateway, short enough to be useless later. */
const TICKET_SECONDS = 30;

export interface TerminalTicket {
  jobId: string;
  userId: string;
  remoteAddress: string | null;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A one-time pass the web app hands to the SSH gateway for a browser terminal, after it
 * has checked the user itself. The token goes over the SSH connection as the password;
 * only its hash is stored.
 */
export async function createTerminalTicket(db: Db, ticket: TerminalTicket): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.sshTerminalTicket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.sshTerminalTicket.create({
    data: {
      tokenHash: hashOf(token),
      ...ticket,
      expiresAt: new Date(Date.now() + TICKET_SECONDS * 1000),
    },
  });
  return token;
}

/** The ticket behind a token, used up by this call; null when unknown, used or expired. */
export async function consumeTerminalTicket(db: Db, token: string): Promise<TerminalTicket | null> {
  if (token.length === 0 || token.length > 200) return null;
  const row = await db.sshTerminalTicket
    .delete({ where: { tokenHash: hashOf(token) } })
    .catch(() => null);
  if (!row || row.expiresAt <= new Date()) return null;
  return { jobId: row.jobId, userId: row.userId, remoteAddress: row.remoteAddress };
}
