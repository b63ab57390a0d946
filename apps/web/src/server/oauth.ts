import { recordAudit, syncUserRepositories } from "@cairn/api";
import { type AuthConfig, createAuthConfig, OAUTH_PROVIDER_NAMES } from "@cairn/auth";
import { webEnv } from "~/env.ts";
import { db } from "./db.ts";
import { restServices } from "./rest/services.ts";

let config: AuthConfig | undefined;

/** Auth.js's configuration for this server, built once from the settings. */
export function oauthConfig(): AuthConfig {
  if (config) return config;
  const env = webEnv();
  const services = restServices();
  config = createAuthConfig({
    db: db(),
    cipher: services.cipher,
    settings: services.oauth ?? {},
    baseUrl: env.CAIRN_URL,
    secret: env.AUTH_SECRET,
    async onSignIn(event) {
      await recordAudit(db(), {
        action: "user.sign_in",
        actor: { id: event.userId, type: "user", name: event.login },
        target: { type: "user", id: event.userId, name: event.login },
        success: true,
        metadata: { method: event.provider, newUser: event.isNewUser },
      });
      // Repositories and permissions are listed in the background: the provider's API
      // must not hold up the sign-in redirect.
      void syncUserRepositories(services, event.userId, event.provider, {
        ...(event.accessToken ? { accessToken: event.accessToken } : {}),
      }).catch((error: unknown) =>
        console.error(
          `listing ${OAUTH_PROVIDER_NAMES[event.provider]} repositories after sign-in failed: ${error instanceof Error ? error.message : "unknown error"}`,
        ),
      );
    },
    onError: (message) => console.error(message),
  });
  return config;
}
