import type { RouterOutputs } from "@cairn/api/trpc";
import { formatDuration, formatTime, paths, shortSha } from "./format.ts";
import { StatusBadge } from "./status-badge.tsx";

type Pipeline = RouterOutputs["pipelines"]["recent"][number];

/** Pipelines, newest first: status, project, branch, commit, trigger, duration. */
export function PipelineTable({
  pipelines,
  showProject,
}: {
  pipelines: Pipeline[];
  showProject: boolean;
}) {
  return (
    <table className="list" data-testid="pipelines">
      <thead>
        <tr>
          <th>Status</th>
          {showProject ? <th>Project</th> : null}
          <th>Pipeline</th>
          <th>Branch</th>
          <th>Commit</th>
          <th>Trigger</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {pipelines.map((pipeline) => (
          <tr key={pipeline.id} data-pipeline-id={pipeline.id}>
            <td>
              <StatusBadge status={pipeline.status} />
            </td>
            {showProject ? (
              <td>
                <a href={paths.project(pipeline.projectSlug)}>{pipeline.projectSlug}</a>
              </td>
            ) : null}
            <td>
              <a href={paths.pipeline(pipeline.id)}>#{pipeline.number}</a>
              <div className="muted small">{formatTime(pipeline.createdAt)}</div>
            </td>
            <td>{pipeline.branch ?? (pipeline.tag ? `tag ${pipeline.tag}` : "—")}</td>
            <td>
              <code>{shortSha(pipeline.revision)}</code>{" "}
              <span className="muted">{pipeline.commitSubject ?? ""}</span>
            </td>
            <td>
              {pipeline.trigger.type} · {pipeline.trigger.actor}
            </td>
            <td>{formatDuration(pipeline.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
