"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import {
  type DashboardFilters,
  PIPELINE_STATUSES,
  readFilters,
  writeFilters,
} from "./dashboard-filters.ts";
import { paths } from "./format.ts";
import { PipelineTable } from "./pipeline-table.tsx";
import { QueryState } from "./query-state.tsx";

/** Statuses change while jobs run: the list is read again this often. */
const REFRESH_MS = 3000;

/** Recent pipelines across the viewer's projects, filtered by the URL's query, kept live. */
export function Dashboard() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const filters = readFilters(useSearchParams());
  const pipelines = useQuery(
    trpc.pipelines.recent.queryOptions(
      {
        limit: 25,
        ...(filters.project ? { projectSlug: filters.project } : {}),
        ...(filters.branch ? { branch: filters.branch } : {}),
        ...(filters.status ? { status: filters.status } : {}),
      },
      { refetchInterval: REFRESH_MS, placeholderData: (previous) => previous },
    ),
  );
  const projects = useQuery(trpc.projects.listMine.queryOptions());
  const filtered = Boolean(filters.project || filters.branch || filters.status);
  const apply = (next: DashboardFilters) =>
    router.replace(`${pathname}${writeFilters(next)}`, { scroll: false });

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
      <FilterBar
        filters={filters}
        projects={projects.data?.map((project) => project.slug) ?? []}
        onChange={apply}
      />
      {!pipelines.data ? (
        <QueryState error={pipelines.error} />
      ) : pipelines.data.length === 0 ? (
        <div className="empty">
          {filtered ? (
            <>
              <h2>No pipelines match these filters</h2>
              <button type="button" className="secondary" onClick={() => apply({})}>
                Clear filters
              </button>
            </>
          ) : (
            <>
              <h2>No pipelines yet</h2>
              <p>
                Pipelines of the projects you follow appear here, newest first, as soon as a push
                arrives.
              </p>
            </>
          )}
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

function FilterBar({
  filters,
  projects,
  onChange,
}: {
  filters: DashboardFilters;
  projects: string[];
  onChange: (next: DashboardFilters) => void;
}) {
  // The branch is typed: applied on submit, not on every key.
  const [branch, setBranch] = useState(filters.branch ?? "");
  useEffect(() => setBranch(filters.branch ?? ""), [filters.branch]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ ...filters, branch: branch.trim() || undefined });
  }

  return (
    <form className="filters" onSubmit={submit} data-testid="dashboard-filters">
      <label>
        Project
        <select
          value={filters.project ?? ""}
          onChange={(event) => onChange({ ...filters, project: event.target.value || undefined })}
        >
          <option value="">All projects</option>
          {projects.map((slug) => (
            <option key={slug} value={slug}>
              {slug}
            </option>
          ))}
        </select>
      </label>
      <label>
        Branch
        <input
          value={branch}
          onChange={(event) => setBranch(event.target.value)}
          onBlur={() => {
            if ((branch.trim() || undefined) !== filters.branch) {
              onChange({ ...filters, branch: branch.trim() || undefined });
            }
          }}
          placeholder="any branch"
          maxLength={255}
        />
      </label>
      <label>
        Status
        <select
          value={filters.status ?? ""}
          onChange={(event) =>
            onChange({
              ...filters,
              status: PIPELINE_STATUSES.find((status) => status === event.target.value),
            })
          }
        >
          <option value="">Any status</option>
          {PIPELINE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
