"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { paths } from "./format.ts";

const HOSTED = new Set(["github", "gitlab", "bitbucket"]);

/**
 * For a GitHub, GitLab or Bitbucket project: the provider's last API failure (commit
 * statuses, config reads) and, for the project's admins, recent webhook deliveries with a
 * way to redeliver one that failed.
 */
export function ProviderActivity({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.webhooks.providerStatus.queryOptions({ slug }));
  const hosted = status.data ? HOSTED.has(status.data.provider) : false;
  // Non-admins get "forbidden" here: the list is simply not shown to them.
  const deliveries = useQuery(
    trpc.webhooks.deliveries.queryOptions({ slug, limit: 20 }, { enabled: hosted, retry: false }),
  );
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.webhooks.pathFilter()),
    }),
  );
  if (!status.data || !hosted) return null;
  return (
    <>
      {status.data.error ? (
        <p className="error" role="alert">
          The provider's API failed
          {status.data.errorAt ? ` (${status.data.errorAt.toLocaleString()})` : ""}:{" "}
          {status.data.error}
        </p>
      ) : null}
      {deliveries.data && deliveries.data.length > 0 ? (
        <details>
          <summary>Webhook deliveries</summary>
          <table>
            <thead>
              <tr>
                <th>Received</th>
                <th>Event</th>
                <th>State</th>
                <th>Outcome</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{delivery.receivedAt.toLocaleString()}</td>
                  <td>{delivery.event}</td>
                  <td>{delivery.state}</td>
                  <td>
                    {delivery.pipelineId ? (
                      <a href={paths.pipeline(delivery.pipelineId)}>{delivery.outcome}</a>
                    ) : (
                      (delivery.error ?? delivery.outcome ?? "")
                    )}
                  </td>
                  <td>
                    {delivery.state === "failed" ? (
                      <button
                        type="button"
                        disabled={redeliver.isPending}
                        onClick={() => redeliver.mutate({ slug, id: delivery.id })}
                      >
                        Redeliver
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </>
  );
}
