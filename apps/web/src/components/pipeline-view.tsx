"use client";

import type { RouterOutputs } from "@cairn/api/trpc";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { ConfigErrors } from "./config-errors.tsx";
import { formatDuration, formatTime, paths, shortSha } from "./format.ts";
import { WorkflowPanel } from "./pipeline-graph/workflow-panel.tsx";
import { QueryState } from "./query-state.tsx";
import { StatusBadge } from "./status-badge.tsx";

type PipelineDetail = RouterOutputs["pipelines"]["get"];

const SETTLED = ["success", "failed", "error", "canceled", "not_run", "unauthorized"];
const REFRESH_MS = 2000;

/** A pipeline, its workflows and their jobs, refreshed while any workflow still runs. */
export function PipelineView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data, error } = useQuery(
    trpc.pipelines.get.queryOptions(
      { id },
      {
        refetchInterval: (query) => {
          const workflows = query.state.data?.workflows ?? [];
          const settled =
            query.state.data?.pipeline.state === "errored" ||
            (workflows.length > 0 && workflows.every((w) => SETTLED.includes(w.status)));
          return settled ? false : REFRESH_MS;
        },
      },
    ),
  );
  if (!data) return <QueryState error={error} />;
  const { pipeline } = data;
  return (
    <>
      <h1>
        Pipeline #{pipeline.number} <StatusBadge status={pipeline.status} />
      </h1>
      <p className="muted">
        <a href={paths.project(pipeline.projectSlug)}>{pipeline.projectSlug}</a> ·{" "}
        {pipeline.branch ?? pipeline.tag} · <code>{shortSha(pipeline.revision)}</code>{" "}
        {pipeline.commitSubject ?? ""} · {pipeline.trigger.type} by {pipeline.trigger.actor} ·{" "}
        {formatTime(pipeline.createdAt)} · {formatDuration(pipeline.durationMs)}
      </p>
      {pipeline.errors.length > 0 ? (
        <div className="error" data-testid="pipeline-errors">
          <ConfigErrors pipelineId={pipeline.id} />
        </div>
      ) : null}
      <Workflows detail={data} />
    </>
  );
}

function Workflows({ detail }: { detail: PipelineDetail }) {
  if (detail.workflows.length === 0) {
    return (
      <div className="empty">
        {detail.pipeline.errors.length > 0
          ? "This pipeline has no workflows."
          : "Waiting for workflows…"}
      </div>
    );
  }
  return (
    <div data-testid="workflows">
      {detail.workflows.map((workflow) => (
        <WorkflowPanel key={workflow.id} pipelineId={detail.pipeline.id} workflow={workflow} />
      ))}
    </div>
  );
}
