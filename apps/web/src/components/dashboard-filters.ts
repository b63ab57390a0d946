/** The statuses a pipeline can have, as the dashboard's status filter offers them. */
export const PIPELINE_STATUSES = [
  "running",
  "on_hold",
  "failing",
  "success",
  "failed",
  "error",
  "canceled",
  "not_run",
  "created",
  "unauthorized",
] as const;
export type PipelineStatusFilter = (typeof PIPELINE_STATUSES)[number];

export interface DashboardFilters {
  project?: string;
  branch?: string;
  status?: PipelineStatusFilter;
}

const isStatus = (value: string): value is PipelineStatusFilter =>
  (PIPELINE_STATUSES as readonly string[]).includes(value);

/** The filters in a URL query (`?project=…&branch=…&status=…`); unknown values are dropped. */
export function readFilters(query: URLSearchParams): DashboardFilters {
  const project = query.get("project")?.trim().slice(0, 320);
  const branch = query.get("branch")?.trim().slice(0, 255);
  const status = query.get("status") ?? "";
  return {
    ...(project ? { project } : {}),
    ...(branch ? { branch } : {}),
    ...(isStatus(status) ? { status } : {}),
  };
}

/** The query string for the filters, empty ones left out (so a bare dashboard stays `/`). */
export function writeFilters(filters: DashboardFilters): string {
  const query = new URLSearchParams();
  if (filters.project) query.set("project", filters.project);
  if (filters.branch) query.set("branch", filters.branch);
  if (filters.status) query.set("status", filters.status);
  const text = query.toString();
  return text ? `?${text}` : "";
}
