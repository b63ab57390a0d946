"use client";

import type { RouterOutputs } from "@cairn/api/trpc";
import { formatDuration, paths } from "../format.ts";
import { StatusBadge } from "../status-badge.tsx";
import { layoutDag } from "./layout-dag.ts";

type Workflow = RouterOutputs["pipelines"]["get"]["workflows"][number];
type WorkflowJob = Workflow["jobs"][number];

const NODE_WIDTH = 190;
const NODE_HEIGHT = 56;
const COLUMN_GAP = 56;
const ROW_GAP = 14;

const x = (layer: number) => layer * (NODE_WIDTH + COLUMN_GAP);
const y = (row: number) => row * (NODE_HEIGHT + ROW_GAP);

/**
 * A workflow's jobs as a graph: columns by `requires`, an edge per requirement, each job
 * with its live status; an approval on hold has its Approve button right on the node.
 */
export function WorkflowGraph({
  workflow,
  onApprove,
  approving,
}: {
  workflow: Workflow;
  onApprove: (job: WorkflowJob) => void;
  approving: boolean;
}) {
  const layout = layoutDag(workflow.jobs);
  const width = Math.max(0, layout.layers * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP);
  const height = Math.max(0, layout.rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP);
  return (
    <div className="graph-scroll">
      <div className="graph" style={{ width, height }} data-testid="workflow-graph">
        <svg className="graph-edges" width={width} height={height} aria-hidden="true">
          {layout.edges.map(({ from, to }) => {
            const source = layout.nodes.get(from);
            const target = layout.nodes.get(to);
            if (!source || !target) return null;
            const x1 = x(source.layer) + NODE_WIDTH;
            const y1 = y(source.row) + NODE_HEIGHT / 2;
            const x2 = x(target.layer);
            const y2 = y(target.row) + NODE_HEIGHT / 2;
            const bend = COLUMN_GAP / 2;
            return (
              <path
                key={`${from}->${to}`}
                data-edge={`${from}->${to}`}
                d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
              />
            );
          })}
        </svg>
        {workflow.jobs.map((job) => {
          const place = layout.nodes.get(job.name);
          if (!place) return null;
          return (
            <div
              key={job.id}
              className={`graph-node graph-node-${job.status}`}
              style={{
                left: x(place.layer),
                top: y(place.row),
                width: NODE_WIDTH,
                height: NODE_HEIGHT,
              }}
              data-job={job.name}
              data-job-status={job.status}
            >
              <div className="graph-node-title">
                {job.number !== null ? <a href={paths.job(job.id)}>{job.name}</a> : job.name}
              </div>
              <div className="graph-node-meta">
                <StatusBadge status={job.status} />
                {job.type === "approval" && job.status === "on_hold" ? (
                  <button
                    type="button"
                    className="approve"
                    disabled={approving}
                    onClick={() => onApprove(job)}
                  >
                    Approve
                  </button>
                ) : (
                  <span className="muted small">{formatDuration(job.durationMs)}</span>
                )}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
