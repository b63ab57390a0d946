import { type Services, syncAllStaleRepositories } from "@cairn/api";
import { enabledOAuthProviders } from "@cairn/auth";

const CHECK_EVERY_MS = 5 * 60_000;

/**
 * Re-lists every signed-in user's repositories and permissions once they are older than
 * CAIRN_REPOSITORY_SYNC_MINUTES, so access lost at the provider is lost in Cairn too even
 * for someone who does not sign in again. Nothing runs when no provider is configured.
 */
export function startRepositorySync(services: Services): () => void {
  if (enabledOAuthProviders(services.oauth ?? {}).length === 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    syncAllStaleRepositories(services)
      .then(({ failed }) => {
        if (failed > 0) console.error(`repository sync: ${failed} account(s) could not be listed`);
      })
      .catch((error: unknown) =>
        console.error(`repository sync failed: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => {
        running = false;
      });
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
