"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { paths } from "./format.ts";
import { PipelineTable } from "./pipeline-table.tsx";
import { ProviderActivity } from "./provider-activity.tsx";
import { QueryState } from "./query-state.tsx";
import { TriggerPipelineForm } from "./trigger-pipeline-form.tsx";

const REFRESH_MS = 5000;

/** A project: its trigger form and its pipelines, newest first, a page at a time. */
export function ProjectView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.projects.get.queryOptions({ slug }));
  const pipelines = useInfiniteQuery(
    trpc.pipelines.listByProject.infiniteQueryOptions(
      { slug },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: REFRESH_MS,
      },
    ),
  );
  if (!project.data) return <QueryState error={project.error} />;
  const items = pipelines.data?.pages.flatMap((page) => page.items) ?? [];
  const { vcs_info: vcs } = project.data;
  return (
    <>
      <h1>{project.data.name}</h1>
      <p className="muted">
        {project.data.slug} · {vcs.vcs_url} · default branch {vcs.default_branch} ·{" "}
        <a href={paths.projectSettings(project.data.slug)}>Settings</a>
      </p>
      <ProviderActivity slug={project.data.slug} />
      <TriggerPipelineForm slug={project.data.slug} defaultBranch={vcs.default_branch} />
      <h2>Pipelines</h2>
      {!pipelines.data ? (
        <QueryState error={pipelines.error} />
      ) : items.length === 0 ? (
        <div className="empty">No pipelines yet: push a commit or trigger one above.</div>
      ) : (
        <PipelineTable pipelines={items} showProject={false} />
      )}
      {pipelines.hasNextPage ? (
        <button
          type="button"
          className="more"
          disabled={pipelines.isFetchingNextPage}
          onClick={() => void pipelines.fetchNextPage()}
        >
          {pipelines.isFetchingNextPage ? "Loading…" : "Older pipelines"}
        </button>
      ) : null}
    </>
  );
}
