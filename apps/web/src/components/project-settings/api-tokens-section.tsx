"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { formatTime } from "../format.ts";
import { FailureLine, ListTable, NameForm, RowAction, ShownOnce } from "./settings-parts.tsx";

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
        <ShownOnce
          testId="new-token"
          intro={`New token "${create.data.name}"`}
          secret={create.data.token}
        />
      ) : null}
      <ListTable
        items={list.data}
        empty="No API tokens yet."
        headings={["Name", "Token", "Made", "Last used"]}
        row={(token) => (
          <tr key={token.id} data-token-name={token.name}>
            <td>{token.name}</td>
            <td>
              <code>…{token.last4}</code>
            </td>
            <td className="muted small">{formatTime(token.createdAt)}</td>
            <td className="muted small">
              {token.lastUsedAt ? formatTime(token.lastUsedAt) : "never"}
            </td>
            <RowAction
              disabled={revoke.isPending}
              confirm={`Revoke "${token.name}"? Scripts using it stop working.`}
              onConfirm={() => revoke.mutate({ id: token.id })}
            >
              Revoke
            </RowAction>
          </tr>
        )}
      />
      <NameForm
        label="Name"
        placeholder="deploy script"
        maxLength={100}
        name={name}
        onName={setName}
        pending={create.isPending}
        submitLabel="Create token"
        pendingLabel="Making…"
        onSubmit={submit}
      />
      <FailureLine failure={failure} />
    </section>
  );
}
