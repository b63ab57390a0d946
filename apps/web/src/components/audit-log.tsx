"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useTRPC } from "~/trpc/react.tsx";
import { formatTime } from "./format.ts";
import { QueryState } from "./query-state.tsx";

/** The filters, as query parameters shared with the CSV export (`/api/audit.csv`). */
const FIELDS = ["action", "actor", "organization", "project", "from", "to", "success"] as const;

function readFilters(params: URLSearchParams) {
  const value = (name: string) => params.get(name)?.trim() || undefined;
  const day = (name: string, end: boolean) => {
    const text = value(name);
    if (!text) return undefined;
    return /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? `${text}T${end ? "23:59:59.999" : "00:00:00.000"}Z`
      : text;
  };
  const success = value("success");
  return {
    ...(value("action") ? { action: value("action") } : {}),
    ...(value("actor") ? { actor: value("actor") } : {}),
    ...(value("organization") ? { organizationSlug: value("organization") } : {}),
    ...(value("project") ? { projectSlug: value("project") } : {}),
    ...(day("from", false) ? { from: day("from", false) } : {}),
    ...(day("to", true) ? { to: day("to", true) } : {}),
    ...(success === "true" || success === "false" ? { success: success === "true" } : {}),
  };
}

/** Audit events newest first, filtered by the URL's query, with more on demand. */
export function AuditLog() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const filters = readFilters(params);
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = params.get(field)?.trim();
    if (value) query.set(field, value);
  }
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <form className="filters" method="get" data-testid="audit-filters">
        <label>
          Action
          <input name="action" defaultValue={params.get("action") ?? ""} placeholder="context" />
        </label>
        <label>
          Actor
          <input name="actor" defaultValue={params.get("actor") ?? ""} placeholder="login" />
        </label>
        <label>
          Organization
          <input name="organization" defaultValue={params.get("organization") ?? ""} />
        </label>
        <label>
          Project
          <input
            name="project"
            defaultValue={params.get("project") ?? ""}
            placeholder="git/org/app"
          />
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={params.get("from") ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={params.get("to") ?? ""} />
        </label>
        <label>
          Outcome
          <select name="success" defaultValue={params.get("success") ?? ""}>
            <option value="">any</option>
            <option value="true">succeeded</option>
            <option value="false">failed or refused</option>
          </select>
        </label>
        <button type="submit">Filter</button>
        <a href={`/api/audit.csv?${query.toString()}`} data-testid="audit-export" download>
          Export CSV
        </a>
      </form>
      {events.data ? (
        items.length === 0 ? (
          <p className="muted">No audit events match these filters.</p>
        ) : (
          <table className="list" data-testid="audit-events">
            <thead>
              <tr>
                <th>When</th>
                <th>Action</th>
                <th>Outcome</th>
                <th>Actor</th>
                <th>Target</th>
                <th>From</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => (
                <tr key={event.id} data-action={event.action}>
                  <td>{formatTime(event.occurredAt)}</td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td className={event.success ? "" : "error"}>
                    {event.success ? "ok" : "failed"}
                  </td>
                  <td>
                    {event.actor.name ?? event.actor.id ?? "—"}{" "}
                    <span className="muted small">{event.actor.type}</span>
                  </td>
                  <td>
                    {event.target.type ? `${event.target.type} ` : ""}
                    {event.target.name ?? event.target.id ?? ""}
                  </td>
                  <td>{event.clientIp ?? "—"}</td>
                  <td className="muted small">
                    {Object.keys(event.metadata).length > 0 ? JSON.stringify(event.metadata) : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : (
        <QueryState error={events.error} />
      )}
      {events.hasNextPage ? (
        <button
          type="button"
          onClick={() => void events.fetchNextPage()}
          disabled={events.isFetchingNextPage}
        >
          {events.isFetchingNextPage ? "Loading…" : "Older events"}
        </button>
      ) : null}
    </>
  );
}
