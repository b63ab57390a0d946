import { enabledOAuthProviders, OAUTH_PROVIDER_NAMES, oauthSettingsFrom } from "@cairn/auth";
import { AddProject } from "~/components/add-project.tsx";
import { webEnv } from "~/env.ts";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function AddProjectPage() {
  await requireUser();
  const providers = enabledOAuthProviders(oauthSettingsFrom(webEnv())).map((id) => ({
    id,
    name: OAUTH_PROVIDER_NAMES[id],
  }));
  return (
    <section>
      <h1>Add project</h1>
      {providers.length === 0 ? (
        <p className="muted">
          No GitHub, GitLab or Bitbucket sign-in is configured. Add a repository from any git server
          with <code>POST /api/v2/project</code>, or ask the administrator to configure a provider.
        </p>
      ) : (
        <AddProject providers={providers} />
      )}
    </section>
  );
}
