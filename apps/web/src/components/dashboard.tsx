"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { paths } from "./format.ts";
import { PipelineTable } from "./pipeline-table.tsx";
import { QueryState } from "./query-state.tsx";

const REFRESH_MS = 5000;

/** Recent pipelines across the viewer's projects, refreshed every few seconds. */
export function Dashboard() {
  const trpc = useTRPC();
  const pipelines = useQuery(
    trpc.pipelines.recent.queryOptions({ limit: 25 }, { refetchInterval: REFRESH_MS }),
  );
  const projects = useQuery(trpc.projects.listMine.queryOptions());
  if (!pipelines.data) return <QueryState error={pipelines.error} />;
  return (
    <>
      {projects.data && projects.data.length > 0 ? (
        <nav className="projects" data-testid="projects">
          {projects.data.map((project) => (
            <a key={project.slug} href={paths.project(project.slug)}>
              {project.slug}
            </a>
          ))}
        </nav>
      ) : null}
      {pipelines.data.length === 0 ? (
        <div className="empty">
          <h2>No pipelines yet</h2>
          <p>
            Pipelines of the projects you follow appear here, newest first, as soon as a push
            arrives.
          </p>
        </div>
      ) : (
        <>
          <h2>Recent pipelines</h2>
          <PipelineTable pipelines={pipelines.data} showProject />
        </>
      )}
    </>
  );
}
