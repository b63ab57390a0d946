import type { Adapter, AdapterAccount } from "@auth/core/adapters";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Db } from "@cairn/db";
import type { SecretCipher } from "@cairn/secrets";

/** The token fields of an OAuth account that are secrets. */
const SECRET_FIELDS = ["access_token", "refresh_token", "id_token"] as const;

/** The account fields the `accounts` table has; a provider's extra token fields are dropped. */
export interface AccountTokens {
  access_token?: string | null;
  refresh_token?: string | null;
  id_token?: string | null;
  expires_at?: number | null;
  token_type?: string | null;
  scope?: string | null;
  session_state?: string | null;
}

/**
 * The token fields as the database keeps them: access, refresh and id tokens replaced by
 * their ciphertexts (`cairn:…`, which `cairn secrets rotate` rewraps), never plaintext.
 */
export async function encryptAccountTokens(cipher: SecretCipher, account: AccountTokens) {
  const stored: Record<string, string | number | null> = {
    expires_at: typeof account.expires_at === "number" ? Math.floor(account.expires_at) : null,
    token_type: typeof account.token_type === "string" ? account.token_type : null,
    scope: typeof account.scope === "string" ? account.scope : null,
    session_state: typeof account.session_state === "string" ? account.session_state : null,
  };
  for (const field of SECRET_FIELDS) {
    const value = account[field];
    stored[field] =
      typeof value === "string" && value !== "" ? (await cipher.encrypt(value)).ciphertext : null;
  }
  return stored as {
    access_token: string | null;
    refresh_token: string | null;
    id_token: string | null;
    expires_at: number | null;
    token_type: string | null;
    scope: string | null;
    session_state: string | null;
  };
}

/**
 * Auth.js's Prisma adapter on Cairn's own tables, except that an account's tokens are
 * encrypted with @cairn/secrets before they are written.
 */
export function createEncryptedAdapter(db: Db, cipher: SecretCipher): Adapter {
  // The adapter is typed against @prisma/client's PrismaClient; Cairn's generated client
  // has the same delegates (user, account, session, verificationToken) and field names.
  const base = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...base,
    async linkAccount(account: AdapterAccount) {
      await db.account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          ...(await encryptAccountTokens(cipher, account as AccountTokens)),
        },
      });
      return undefined;
    },
  };
}
