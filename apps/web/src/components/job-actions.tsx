"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "./error-message.ts";
import { paths } from "./format.ts";

/** Cancel while the job runs or waits; once it ended, rerun it (and what depends on it). */
export function JobActions({
  jobId,
  pipelineId,
  finished,
  onChange,
}: {
  jobId: string;
  pipelineId: string;
  finished: boolean;
  onChange: () => unknown;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const cancel = useMutation(trpc.workflows.cancelJob.mutationOptions({ onSuccess: onChange }));
  const rerun = useMutation(
    trpc.workflows.rerunJob.mutationOptions({
      onSuccess: () => router.push(paths.pipeline(pipelineId)),
    }),
  );
  const failure = cancel.error ?? rerun.error;
  return (
    <div className="actions" data-testid="job-actions">
      {finished ? (
        <button
          type="button"
          className="secondary"
          disabled={rerun.isPending}
          onClick={() => rerun.mutate({ jobId })}
        >
          {rerun.isPending ? "Rerunning…" : "Rerun job"}
        </button>
      ) : (
        <button
          type="button"
          className="danger"
          disabled={cancel.isPending}
          onClick={() => {
            if (window.confirm("Cancel this job?")) cancel.mutate({ jobId });
          }}
        >
          {cancel.isPending ? "Canceling…" : "Cancel job"}
        </button>
      )}
      {failure ? <span className="error small">{errorMessage(failure)}</span> : null}
    </div>
  );
}
