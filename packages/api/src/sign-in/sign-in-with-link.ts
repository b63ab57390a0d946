import { hashToken, redeemSignInLink, type TRedeemResult } from "@cairn/auth";
import type { Db } from "@cairn/db";
import { recordAudit } from "../audit/record-audit.ts";

/**
 * Redeems a one-time sign-in link and records the attempt: `user.sign_in` with the user on
 * success, or a failure saying why (unknown, used or expired link) and from where.
 */
export async function signInWithLink(
  db: Db,
  token: string,
  source: { clientIp: string | null },
): Promise<TRedeemResult> {
  const result: TRedeemResult =
    token.length > 0 && token.length < 200
      ? await redeemSignInLink(db, token)
      : { ok: false, reason: "unknown" };
  const link =
    result.ok || result.reason !== "unknown"
      ? await db.loginToken.findUnique({
          where: { tokenHash: hashToken(token) },
          select: { user: { select: { id: true, login: true, name: true } } },
        })
      : null;
  const user = link?.user ?? null;
  await recordAudit(db, {
    action: "user.sign_in",
    actor: user
      ? { id: user.id, type: "user", name: user.login ?? user.name }
      : { id: null, type: "user", name: null },
    target: user ? { type: "user", id: user.id, name: user.login ?? user.name } : undefined,
    success: result.ok,
    clientIp: source.clientIp,
    metadata: { method: "link", ...(result.ok ? {} : { error: result.reason }) },
  });
  return result;
}
