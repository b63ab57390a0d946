"use client";

import { type FormEvent, useState } from "react";

/**
 * Starts sign-in with a provider: Auth.js accepts the POST only with its CSRF token (a
 * cookie plus the same value in the form), which is fetched just before submitting.
 */
export function OAuthSignInButton({
  provider,
  name,
  callbackUrl = "/",
  label,
}: {
  provider: string;
  name: string;
  callbackUrl?: string;
  label?: string;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch("/api/auth/csrf", { credentials: "same-origin" });
      const { csrfToken } = (await response.json()) as { csrfToken?: string };
      if (!csrfToken) throw new Error("no token");
      (form.elements.namedItem("csrfToken") as HTMLInputElement).value = csrfToken;
      form.submit();
    } catch {
      setBusy(false);
      setProblem(`Could not start signing in with ${name}. Try again.`);
    }
  }

  return (
    <form method="post" action={`/api/auth/signin/${provider}`} onSubmit={submit}>
      <input type="hidden" name="csrfToken" defaultValue="" />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button
        type="submit"
        className="secondary"
        disabled={busy}
        data-testid={`sign-in-${provider}`}
      >
        {label ?? `Sign in with ${name}`}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
