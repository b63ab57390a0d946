"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { CopyButton } from "./copy-button.tsx";
import { ConfirmButton, FailureLine, ShownOnce } from "./settings-parts.tsx";

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
            <ShownOnce testId="webhook-secret" intro="New secret" secret={regenerate.data.secret} />
          ) : null}
          {canManage ? (
            <ConfirmButton
              className="secondary"
              disabled={regenerate.isPending}
              confirm="Make a new webhook secret? Pushes signed with the old one are refused from now on."
              onConfirm={() => regenerate.mutate({ slug })}
            >
              {regenerate.isPending ? "Making…" : "New secret"}
            </ConfirmButton>
          ) : null}
        </>
      )}
      <FailureLine failure={failure} />
    </section>
  );
}
