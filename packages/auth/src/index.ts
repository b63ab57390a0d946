export { authenticateApiToken, createApiToken } from "./api-tokens.ts";
export {
  createSession,
  getSessionUser,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
  sessionCookieName,
} from "./session.ts";
export {
  createSignInLink,
  ensureLocalAdministrator,
  LOCAL_ADMIN_EMAIL,
  redeemSignInLink,
  SIGN_IN_LINK_PATH,
  type TRedeemResult,
} from "./sign-in-link.ts";
export { hashToken, randomToken } from "./tokens.ts";
