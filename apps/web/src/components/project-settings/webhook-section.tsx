"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "../error-message.ts";
import { CopyButton } from "./copy-button.tsx";

/** A git project's push hook: its URL, and a new secret shown once. */
export function WebhookSection({ slug, canManage }: { slug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const hook = useQuery(trpc.webhook.get.queryOptions({ slug }));
  const regenerate = useMutation(trpc.webhook.regenerateSecret.mutationOptions());
  const failure = regenerate.error ?? hook.error;
  return (
    <section id="webhook" className="panel" data-testid="webhook">
      <h2>Webhook</h2>
      {hook.data === undefined ? null : hook.data === null ? (
        <p className="empty-inline">
          This project's pushes arrive through its provider's app webhook; it has no secret of its
          own.
        </p>
      ) : (
        <>
          <p className="muted small">
            The git server's post-receive hook posts each push here, signed with the secret (
            <code>X-Cairn-Signature-256</code>). The secret is shown only when it is made.
          </p>
          <p>
            <code data-testid="webhook-url">{hook.data.url}</code>{" "}
            <CopyButton text={hook.data.url} />
          </p>
          <p className="muted small">
            Secret: {hook.data.hasSecret ? "set (hidden)" : "none — make one below"}
          </p>
          {regenerate.data ? (
            <div className="notice" data-testid="webhook-secret">
              <p>New secret — copy it now, it will not be shown again:</p>
              <pre className="key">{regenerate.data.secret}</pre>
              <CopyButton text={regenerate.data.secret} />
            </div>
          ) : null}
          {canManage ? (
            <button
              type="button"
              className="secondary"
              disabled={regenerate.isPending}
              onClick={() => {
                if (
                  window.confirm(
                    "Make a new webhook secret? Pushes signed with the old one are refused from now on.",
                  )
                ) {
                  regenerate.mutate({ slug });
                }
              }}
            >
              {regenerate.isPending ? "Making…" : "New secret"}
            </button>
          ) : null}
        </>
      )}
      {failure ? <p className="error">{errorMessage(failure)}</p> : null}
    </section>
  );
}
