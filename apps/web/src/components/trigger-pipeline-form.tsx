"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { paths } from "./format.ts";
import { parseParameters } from "./parse-parameters.ts";

/** Builds a branch at its current head, with optional parameters, then opens the pipeline. */
export function TriggerPipelineForm({
  slug,
  defaultBranch,
}: {
  slug: string;
  defaultBranch: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [branch, setBranch] = useState(defaultBranch);
  const [parameterText, setParameterText] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const trigger = useMutation(
    trpc.pipelines.trigger.mutationOptions({
      onSuccess: (pipeline) => router.push(paths.pipeline(pipeline.id)),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    try {
      const parameters = parseParameters(parameterText);
      trigger.mutate({
        slug,
        branch: branch.trim() || defaultBranch,
        ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
      });
    } catch (error) {
      setFormError(error instanceof Error ? error.message : String(error));
    }
  }

  const message = formError ?? trigger.error?.message ?? null;
  return (
    <form className="panel form" onSubmit={submit} data-testid="trigger-form">
      <h2>Trigger pipeline</h2>
      <label>
        Branch
        <input value={branch} onChange={(event) => setBranch(event.target.value)} maxLength={255} />
      </label>
      <label>
        Parameters <span className="muted small">(one name=value per line)</span>
        <textarea
          rows={3}
          value={parameterText}
          onChange={(event) => setParameterText(event.target.value)}
          placeholder="deploy=true"
        />
      </label>
      {message ? <p className="error">{message}</p> : null}
      <button type="submit" disabled={trigger.isPending}>
        {trigger.isPending ? "Triggering…" : "Trigger pipeline"}
      </button>
    </form>
  );
}
