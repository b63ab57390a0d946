"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { formatTime } from "../format.ts";
import {
  FailureLine,
  ListTable,
  RowAction,
  SubmitButton,
  VariableInputs,
} from "./settings-parts.tsx";

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
      <ListTable
        items={list.data}
        empty="No environment variables yet."
        headings={["Name", "Value", "Set"]}
        row={(variable) => (
          <tr key={variable.name} data-env-var={variable.name}>
            <td>
              <code>{variable.name}</code>
            </td>
            <td>
              <code data-testid="env-var-masked">xxxx{variable.last4}</code>
            </td>
            <td className="muted small">{formatTime(variable.updatedAt)}</td>
            <RowAction
              disabled={remove.isPending}
              confirm={`Delete ${variable.name}?`}
              onConfirm={() => remove.mutate({ slug, name: variable.name })}
            >
              Delete
            </RowAction>
          </tr>
        )}
      />
      <form className="form inline-form" onSubmit={submit} data-testid="env-var-form">
        <VariableInputs
          label="Name"
          placeholder="AWS_ACCESS_KEY_ID"
          name={name}
          onName={setName}
          value={value}
          onValue={setValue}
          named
        />
        <SubmitButton
          pending={set.isPending}
          incomplete={name.trim() === ""}
          label="Add variable"
          pendingLabel="Saving…"
        />
      </form>
      <FailureLine failure={failure} />
    </section>
  );
}
