import { enabledOAuthProviders, OAUTH_PROVIDER_NAMES, oauthSettingsFrom } from "@cairn/auth";
import { OAuthSignInButton } from "~/components/oauth-sign-in-button.tsx";
import { webEnv } from "~/env.ts";

export const dynamic = "force-dynamic";

const problems: Record<string, string> = {
  used: "That sign-in link was already used. Each link works once.",
  expired: "That sign-in link has expired.",
  unknown: "That sign-in link is not valid.",
  // Auth.js's error codes (?error=…) after a provider sign-in.
  OAuthAccountNotLinked:
    "That account is already linked to another Cairn user. Sign in as that user, or ask an administrator.",
  AccessDenied: "Sign-in was refused.",
  OAuthCallbackError: "The provider did not complete the sign-in. Try again.",
  Configuration: "Sign-in with that provider is not set up correctly. Ask an administrator.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  const { error } = await searchParams;
  const problem = error ? (problems[error] ?? "Sign-in failed. Try again.") : undefined;
  const providers = enabledOAuthProviders(oauthSettingsFrom(webEnv()));
  return (
    <section>
      <h1>Sign in to Cairn</h1>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {providers.length > 0 && (
        <div className="sign-in-providers">
          {providers.map((provider) => (
            <OAuthSignInButton
              key={provider}
              provider={provider}
              name={OAUTH_PROVIDER_NAMES[provider]}
            />
          ))}
        </div>
      )}
      <p>
        The local administrator signs in with the one-time link that <code>npm start</code> prints
        as <code>Sign in: …</code>. Restart Cairn to get a fresh link. Invited users use the link
        they were sent.
      </p>
    </section>
  );
}
