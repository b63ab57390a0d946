"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "../error-message.ts";
import { formatTime } from "../format.ts";

/** Project variables: write-only, listed by name and their last four characters. */
export function EnvVarsSection({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.envVars.list.queryOptions({ slug }));
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.envVars.list.queryFilter({ slug }));
  const set = useMutation(
    trpc.envVars.set.mutationOptions({
      onSuccess: () => {
        setName("");
        setValue("");
        return refresh();
      },
    }),
  );
  const remove = useMutation(trpc.envVars.delete.mutationOptions({ onSuccess: refresh }));

  function submit(event: FormEvent) {
    event.preventDefault();
    set.mutate({ slug, name: name.trim(), value });
  }

  const failure = set.error ?? remove.error ?? list.error;
  return (
    <section id="env-vars" className="panel" data-testid="env-vars">
      <h2>Environment variables</h2>
      <p className="muted small">
        Every job of this project gets them. Values are encrypted and never shown again: only their
        last four characters. Pull requests from forks get none unless the fork policy below says
        so. Setting an existing name replaces its value.
      </p>
      {list.data === undefined ? null : list.data.length === 0 ? (
        <p className="empty-inline">No environment variables yet.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
              <th>Set</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((variable) => (
              <tr key={variable.name} data-env-var={variable.name}>
                <td>
                  <code>{variable.name}</code>
                </td>
                <td>
                  <code data-testid="env-var-masked">xxxx{variable.last4}</code>
                </td>
                <td className="muted small">{formatTime(variable.updatedAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="danger"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete ${variable.name}?`)) {
                        remove.mutate({ slug, name: variable.name });
                      }
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form inline-form" onSubmit={submit} data-testid="env-var-form">
        <label>
          Name
          <input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="AWS_ACCESS_KEY_ID"
            maxLength={256}
            required
            autoComplete="off"
          />
        </label>
        <label>
          Value
          <input
            name="value"
            type="password"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            autoComplete="new-password"
          />
        </label>
        <button type="submit" disabled={set.isPending || name.trim() === ""}>
          {set.isPending ? "Saving…" : "Add variable"}
        </button>
      </form>
      {failure ? <p className="error">{errorMessage(failure)}</p> : null}
    </section>
  );
}
