"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { QueryState } from "./query-state.tsx";

const REFRESH_MS = 3000;
const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** A byte count in the largest unit that keeps it at least 1 (1024-based). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** A job's stored artifacts, linked on the project's artifact origin. */
export function JobArtifacts({ jobId, finished }: { jobId: string; finished: boolean }) {
  const trpc = useTRPC();
  // Links of private projects carry a short-lived token: refresh them now and then.
  const { data, error } = useQuery(
    trpc.jobs.artifacts.queryOptions(
      { id: jobId },
      { refetchInterval: finished ? 5 * 60_000 : REFRESH_MS },
    ),
  );
  if (!data) return <QueryState error={error} />;
  if (data.items.length === 0) {
    return <p className="empty">No artifacts were stored (use store_artifacts).</p>;
  }
  const parallel = data.items.some((item) => item.nodeIndex > 0);
  return (
    <table className="list" data-testid="job-artifacts">
      <thead>
        <tr>
          <th>Path</th>
          {parallel ? <th>Run</th> : null}
          <th>Size</th>
          <th>Type</th>
        </tr>
      </thead>
      <tbody>
        {data.items.map((item) => (
          <tr key={`${item.nodeIndex}/${item.path}`} data-testid="artifact" data-path={item.path}>
            <td>
              <a href={item.url} target="_blank" rel="noopener noreferrer">
                {item.path}
              </a>
            </td>
            {parallel ? <td className="muted">{item.nodeIndex}</td> : null}
            <td className="muted" data-testid="artifact-size" data-bytes={item.size}>
              {formatBytes(item.size)}
            </td>
            <td className="muted">{item.contentType ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
