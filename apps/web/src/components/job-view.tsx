"use client";

import type { RouterOutputs } from "@cairn/api/trpc";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { formatDuration, formatTime, paths } from "./format.ts";
import { JobActions } from "./job-actions.tsx";
import { JobArtifacts } from "./job-artifacts.tsx";
import { JobLog } from "./job-log/job-log.tsx";
import { useJobLogStream } from "./job-log/use-job-log-stream.ts";
import { JobTests } from "./job-tests.tsx";
import { QueryState } from "./query-state.tsx";
import { StatusBadge } from "./status-badge.tsx";

type JobDetail = RouterOutputs["jobs"]["get"];

const REFRESH_MS = 1500;
const TABS = ["Output", "Tests", "Artifacts"] as const;
type Tab = (typeof TABS)[number];

/** A job: status and steps (refreshed while it runs) and its live output. */
export function JobView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data, error, refetch } = useQuery(
    trpc.jobs.get.queryOptions(
      { id },
      { refetchInterval: (query) => (query.state.data?.finished ? false : REFRESH_MS) },
    ),
  );
  if (!data) return <QueryState error={error} />;
  return <JobDetails job={data} refresh={refetch} />;
}

function JobDetails({ job, refresh }: { job: JobDetail; refresh: () => unknown }) {
  const [tab, setTab] = useState<Tab>("Output");
  const stream = useJobLogStream(job.id);
  const finishedLive = stream.status?.finished ?? false;
  // The socket hears of the end first: read the final steps and times right away.
  useEffect(() => {
    if (finishedLive) void refresh();
  }, [finishedLive, refresh]);
  const status = finishedLive && !job.finished ? (stream.status?.status ?? job.status) : job.status;

  return (
    <>
      <header className="page-header">
        <h1>
          {job.name} <span className="muted">#{job.number}</span>{" "}
          <span data-testid="job-status">
            <StatusBadge status={status} />
          </span>
        </h1>
        <p className="muted">
          <a href={paths.project(job.projectSlug)}>{job.projectSlug}</a> ·{" "}
          <a href={paths.pipeline(job.pipelineId)}>pipeline</a> · workflow {job.workflow.name} ·
          started {formatTime(job.startedAt)} · {formatDuration(job.durationMs)} · resource class{" "}
          {job.resourceClass}
        </p>
        <JobActions
          jobId={job.id}
          pipelineId={job.pipelineId}
          finished={job.finished || finishedLive}
          onChange={refresh}
        />
        {job.failureReason ? <p className="error">{job.failureReason}</p> : null}
        {job.waitingReason && !job.finished ? <p className="muted">{job.waitingReason}</p> : null}
        {job.logTruncated ? <p className="error">The output was cut at the size limit.</p> : null}
      </header>
      <div role="tablist" aria-label="Job" style={{ display: "flex", gap: "0.5rem" }}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? "badge badge-busy" : "badge badge-idle"}
            onClick={() => setTab(name)}
          >
            {name}
          </button>
        ))}
      </div>
      {/* The stream lives above the tabs, so switching back to the output loses nothing. */}
      {tab === "Output" ? <JobLog stream={stream} steps={job.steps} /> : null}
      {tab === "Tests" ? <JobTests jobId={job.id} finished={job.finished} /> : null}
      {tab === "Artifacts" ? <JobArtifacts jobId={job.id} finished={job.finished} /> : null}
    </>
  );
}
