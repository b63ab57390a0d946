"use client";

import type { RouterOutputs } from "@cairn/api/trpc";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "../error-message.ts";
import { formatTime } from "../format.ts";
import { StatusBadge } from "../status-badge.tsx";
import { WorkflowGraph } from "./workflow-graph.tsx";

type Workflow = RouterOutputs["pipelines"]["get"]["workflows"][number];

const UNFINISHED = ["running", "on_hold", "failing"];

/** One workflow: its graph and what can be done with it now (cancel, rerun, rerun from failed). */
export function WorkflowPanel({
  pipelineId,
  workflow,
}: {
  pipelineId: string;
  workflow: Workflow;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries(trpc.pipelines.get.queryFilter({ id: pipelineId }));
  const cancel = useMutation(trpc.workflows.cancel.mutationOptions({ onSuccess: refresh }));
  const rerun = useMutation(trpc.workflows.rerun.mutationOptions({ onSuccess: refresh }));
  const approve = useMutation(trpc.workflows.approve.mutationOptions({ onSuccess: refresh }));
  const running = UNFINISHED.includes(workflow.status);
  const anyFailed = workflow.jobs.some((job) => !["success", "not_run"].includes(job.status));
  const busy = cancel.isPending || rerun.isPending;
  const failure = cancel.error ?? rerun.error ?? approve.error;
  return (
    <section className="panel" data-workflow={workflow.name} data-workflow-id={workflow.id}>
      <div className="panel-head">
        <h2>
          {workflow.name} <StatusBadge status={workflow.status} />
        </h2>
        <div className="actions">
          {running ? (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                if (window.confirm(`Cancel every unfinished job of ${workflow.name}?`)) {
                  cancel.mutate({ id: workflow.id });
                }
              }}
            >
              Cancel workflow
            </button>
          ) : (
            <>
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => rerun.mutate({ id: workflow.id, fromFailed: false })}
              >
                Rerun workflow
              </button>
              {anyFailed ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => rerun.mutate({ id: workflow.id, fromFailed: true })}
                >
                  Rerun from failed
                </button>
              ) : null}
            </>
          )}
        </div>
      </div>
      <p className="muted small">
        started {formatTime(workflow.createdAt)}
        {workflow.stoppedAt ? ` · ended ${formatTime(workflow.stoppedAt)}` : ""}
      </p>
      {workflow.jobs.length === 0 ? (
        <p className="empty-inline">This workflow has no jobs.</p>
      ) : (
        <WorkflowGraph
          workflow={workflow}
          approving={approve.isPending}
          onApprove={(job) => approve.mutate({ id: workflow.id, jobId: job.id })}
        />
      )}
      {failure ? <p className="error">{errorMessage(failure)}</p> : null}
    </section>
  );
}
