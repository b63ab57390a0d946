"use client";

import type { RouterOutputs } from "@cairn/api/trpc";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { FailureLine } from "./settings-parts.tsx";

type ForkPolicy = RouterOutputs["settings"]["get"]["forkPolicy"];

/** Whether pull requests from forks are built, and whether they see the project's secrets. */
export function ForkPolicySection({
  slug,
  policy,
  canManage,
}: {
  slug: string;
  policy: ForkPolicy;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(policy);
  const save = useMutation(
    trpc.settings.updateForkPolicy.mutationOptions({
      onSuccess: (saved) => {
        setDraft(saved);
        return queryClient.invalidateQueries(trpc.settings.get.queryFilter({ slug }));
      },
    }),
  );
  const changed =
    draft.buildForkPullRequests !== policy.buildForkPullRequests ||
    draft.passSecretsToForks !== policy.passSecretsToForks;
  return (
    <section id="fork-policy" className="panel" data-testid="fork-policy">
      <h2>Fork pull requests</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.buildForkPullRequests}
          disabled={!canManage}
          onChange={(event) =>
            setDraft({
              buildForkPullRequests: event.target.checked,
              passSecretsToForks: event.target.checked && draft.passSecretsToForks,
            })
          }
        />
        Build pull requests from forks
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.passSecretsToForks}
          disabled={!canManage || !draft.buildForkPullRequests}
          onChange={(event) => setDraft({ ...draft, passSecretsToForks: event.target.checked })}
        />
        Pass secrets (environment variables, contexts) to builds of forks
      </label>
      {draft.passSecretsToForks ? (
        <p className="error small">
          Anyone who opens a pull request can then read this project's secrets from a build.
        </p>
      ) : null}
      {canManage ? (
        <button
          type="button"
          className="primary"
          disabled={!changed || save.isPending}
          onClick={() => save.mutate({ slug, policy: draft })}
        >
          {save.isPending ? "Saving…" : "Save"}
        </button>
      ) : null}
      {save.isSuccess && !changed ? <p className="notice">Saved.</p> : null}
      <FailureLine failure={save.error} />
    </section>
  );
}
