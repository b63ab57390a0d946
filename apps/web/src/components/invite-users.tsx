"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "./error-message.ts";

/**
 * Invites a user by email: the one-time sign-in link is shown here once, to be passed on.
 * The invited person can also sign in with a provider under the same verified email.
 */
export function InviteUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const pending = useQuery(trpc.invitations.listPending.queryOptions());
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: () => {
        setEmail("");
        setName("");
        void queryClient.invalidateQueries({ queryKey: trpc.invitations.listPending.queryKey() });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}) });
  }

  return (
    <>
      <form className="panel form" onSubmit={submit} data-testid="invite-form">
        <label>
          Email
          <input
            type="email"
            required
            maxLength={254}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label>
          Name <span className="muted small">(optional)</span>
          <input maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" disabled={invite.isPending}>
          Invite
        </button>
        {invite.error && (
          <p className="error" role="alert">
            {errorMessage(invite.error)}
          </p>
        )}
      </form>
      {invite.data && (
        <div className="panel" role="status">
          <p>Send this one-time link to {invite.data.email} (valid 7 days, shown only now):</p>
          <code data-testid="invitation-link">{invite.data.link}</code>
        </div>
      )}
      <h2>Waiting to sign in</h2>
      {pending.isError ? (
        <p className="error">{errorMessage(pending.error)}</p>
      ) : (
        <ul>
          {(pending.data ?? []).map((user) => (
            <li key={user.id}>
              {user.email}
              {user.name ? ` (${user.name})` : ""}
              {user.expiresAt
                ? ` — link valid until ${new Date(user.expiresAt).toLocaleString()}`
                : ""}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
