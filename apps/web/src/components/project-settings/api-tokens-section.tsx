"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "../error-message.ts";
import { formatTime } from "../format.ts";
import { CopyButton } from "./copy-button.tsx";

/** The signed-in user's own API tokens (`Circle-Token`), for scripts. */
export function ApiTokensSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.tokens.list.queryOptions());
  const [name, setName] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.tokens.list.queryFilter());
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: () => {
        setName("");
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }

  const failure = create.error ?? revoke.error ?? list.error;
  return (
    <section id="api-tokens" className="panel" data-testid="api-tokens">
      <h2>API tokens</h2>
      <p className="muted small">
        Personal tokens for the REST API (header <code>Circle-Token</code>). They act as you, on
        every project you can see. A token is shown once, when it is made.
      </p>
      {create.data ? (
        <div className="notice" data-testid="new-token">
          <p>New token "{create.data.name}" — copy it now, it will not be shown again:</p>
          <pre className="key">{create.data.token}</pre>
          <CopyButton text={create.data.token} />
        </div>
      ) : null}
      {list.data === undefined ? null : list.data.length === 0 ? (
        <p className="empty-inline">No API tokens yet.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Made</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((token) => (
              <tr key={token.id} data-token-name={token.name}>
                <td>{token.name}</td>
                <td>
                  <code>…{token.last4}</code>
                </td>
                <td className="muted small">{formatTime(token.createdAt)}</td>
                <td className="muted small">
                  {token.lastUsedAt ? formatTime(token.lastUsedAt) : "never"}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="danger"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (
                        window.confirm(`Revoke "${token.name}"? Scripts using it stop working.`)
                      ) {
                        revoke.mutate({ id: token.id });
                      }
                    }}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form inline-form" onSubmit={submit}>
        <label>
          Name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="deploy script"
            maxLength={100}
            required
          />
        </label>
        <button type="submit" disabled={create.isPending || name.trim() === ""}>
          {create.isPending ? "Making…" : "Create token"}
        </button>
      </form>
      {failure ? <p className="error">{errorMessage(failure)}</p> : null}
    </section>
  );
}
