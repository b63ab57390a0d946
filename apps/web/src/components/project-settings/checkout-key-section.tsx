"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { formatTime } from "../format.ts";
import { CopyButton } from "./copy-button.tsx";
import { ConfirmButton, FailureLine } from "./settings-parts.tsx";

/** The deploy key Cairn checks the repository out with: its public half, and a way to replace it. */
export function CheckoutKeySection({ slug, canManage }: { slug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = useQuery(trpc.keys.checkoutKey.queryOptions({ slug }));
  const regenerate = useMutation(
    trpc.keys.regenerateCheckoutKey.mutationOptions({
      onSuccess: (fresh) =>
        queryClient.setQueryData(trpc.keys.checkoutKey.queryKey({ slug }), fresh),
    }),
  );
  const failure = regenerate.error ?? key.error;
  return (
    <section id="checkout-key" className="panel" data-testid="checkout-key">
      <h2>Checkout key</h2>
      <p className="muted small">
        Add this public key to the repository as a read-only deploy key. The private half is
        encrypted and never leaves the server.
      </p>
      {key.data === undefined ? null : key.data === null ? (
        <p className="empty-inline">This project has no checkout key.</p>
      ) : (
        <>
          <pre className="key" data-testid="checkout-key-public">
            {key.data.publicKey}
          </pre>
          <p className="muted small">
            <span data-testid="checkout-key-fingerprint">{key.data.fingerprint}</span> · made{" "}
            {formatTime(key.data.createdAt)} <CopyButton text={key.data.publicKey} />
          </p>
        </>
      )}
      {canManage ? (
        <ConfirmButton
          className="secondary"
          disabled={regenerate.isPending}
          confirm="Replace the checkout key? Builds fail until the new public key is added to the repository."
          onConfirm={() => regenerate.mutate({ slug })}
        >
          {regenerate.isPending ? "Regenerating…" : "Regenerate key"}
        </ConfirmButton>
      ) : null}
      {regenerate.isSuccess ? (
        <p className="notice">New key made: add it to the repository and remove the old one.</p>
      ) : null}
      <FailureLine failure={failure} />
    </section>
  );
}
