"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { formatTime } from "../format.ts";
import {
  FailureLine,
  LabeledInput,
  ListTable,
  RowAction,
  SubmitButton,
} from "../project-settings/settings-parts.tsx";

/** The signed-in user's public keys, which open rerun-with-SSH sessions. */
export function SshKeysSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.ssh.keys.queryOptions());
  const [title, setTitle] = useState("");
  const [key, setKey] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.ssh.keys.queryFilter());
  const add = useMutation(
    trpc.ssh.addKey.mutationOptions({
      onSuccess: () => {
        setTitle("");
        setKey("");
        return refresh();
      },
    }),
  );
  const remove = useMutation(trpc.ssh.removeKey.mutationOptions({ onSuccess: refresh }));

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ title: title.trim(), key });
  }

  const failure = add.error ?? remove.error ?? list.error;
  return (
    <section className="panel" data-testid="ssh-keys">
      <p className="muted small">
        A job rerun with SSH accepts these keys from you (and the project's admins' keys). Paste a
        public key, e.g. the contents of <code>~/.ssh/id_ed25519.pub</code>.
      </p>
      <ListTable
        items={list.data}
        empty="No SSH keys yet."
        headings={["Title", "Fingerprint", "Added"]}
        row={(item) => (
          <tr key={item.id} data-ssh-key={item.fingerprint}>
            <td>{item.title}</td>
            <td>
              <code>{item.fingerprint}</code>
            </td>
            <td className="muted small">{formatTime(item.created_at)}</td>
            <RowAction
              disabled={remove.isPending}
              confirm={`Remove the key "${item.title}"?`}
              onConfirm={() => remove.mutate({ id: item.id })}
            >
              Remove
            </RowAction>
          </tr>
        )}
      />
      <form className="form" onSubmit={submit} data-testid="ssh-key-form">
        <LabeledInput
          label="Title"
          name="title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          placeholder="laptop"
          maxLength={100}
          required
          autoComplete="off"
        />
        <label>
          Public key
          <textarea
            name="key"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            placeholder="ssh-ed25519 AAAA… you@example.com"
            rows={3}
            required
          />
        </label>
        <SubmitButton
          pending={add.isPending}
          incomplete={title.trim() === "" || key.trim() === ""}
          label="Add key"
          pendingLabel="Adding…"
        />
      </form>
      <FailureLine failure={failure} />
    </section>
  );
}
