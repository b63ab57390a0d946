"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "./error-message.ts";
import { OAuthSignInButton } from "./oauth-sign-in-button.tsx";

type Provider = { id: string; name: string };

/**
 * The user's repositories per provider with Follow / Unfollow. Following needs admin
 * permission at the provider; the button says why when it is not offered.
 */
export function AddProject({ providers }: { providers: Provider[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [refresh, setRefresh] = useState(false);
  const [outcome, setOutcome] = useState<{ key: string; text: string; error: boolean } | null>(
    null,
  );
  const list = useQuery(trpc.repositories.list.queryOptions({ refresh }));
  const reload = () =>
    queryClient.invalidateQueries({ queryKey: trpc.repositories.list.queryKey() });
  const follow = useMutation(
    trpc.repositories.follow.mutationOptions({
      onSuccess: (project) => {
        setOutcome({ key: project.slug, text: `Following ${project.slug}.`, error: false });
        void reload();
      },
      onError: (error, input) =>
        setOutcome({ key: input.repositoryId, text: errorMessage(error), error: true }),
    }),
  );
  const unfollow = useMutation(
    trpc.repositories.unfollow.mutationOptions({
      onSuccess: (result) => {
        setOutcome({ key: result.slug, text: `Unfollowed ${result.slug}.`, error: false });
        void reload();
      },
      onError: (error, input) =>
        setOutcome({ key: input.slug, text: errorMessage(error), error: true }),
    }),
  );

  if (list.isPending) return <p className="muted">Listing your repositories…</p>;
  if (list.isError) {
    return (
      <p className="error" role="alert">
        {errorMessage(list.error)}
      </p>
    );
  }
  const busy = follow.isPending || unfollow.isPending;
  return (
    <div data-testid="add-project">
      {outcome && (
        <p className={outcome.error ? "error" : "notice"} role={outcome.error ? "alert" : "status"}>
          {outcome.text}
        </p>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() => (refresh ? void list.refetch() : setRefresh(true))}
        disabled={list.isFetching}
      >
        {list.isFetching ? "Listing…" : "Refresh the list"}
      </button>
      {list.data.map((group) => (
        <section key={group.provider} className="panel" data-testid={`provider-${group.provider}`}>
          <h2>{group.name}</h2>
          {!group.signedIn ? (
            <OAuthSignInButton
              provider={group.provider}
              name={group.name}
              callbackUrl="/add-project"
              label={`Connect ${providers.find((p) => p.id === group.provider)?.name ?? group.name}`}
            />
          ) : (
            <>
              {group.error && (
                <p className="error" role="alert">
                  {group.error}
                </p>
              )}
              {group.repositories.length === 0 ? (
                <p className="muted">No repositories.</p>
              ) : (
                <table className="list">
                  <thead>
                    <tr>
                      <th>Repository</th>
                      <th>Your permission</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {group.repositories.map((repo) => (
                      <tr key={repo.id} data-testid={`repo-${repo.fullName}`}>
                        <td>
                          <a href={repo.webUrl} rel="noreferrer">
                            {repo.fullName}
                          </a>
                          {repo.private && <span className="muted small"> private</span>}
                        </td>
                        <td>{repo.permission}</td>
                        <td>
                          {repo.project?.followed ? (
                            <>
                              <a href={`/project/${repo.project.slug}`}>Open</a>{" "}
                              <button
                                type="button"
                                className="secondary"
                                disabled={busy}
                                onClick={() => unfollow.mutate({ slug: repo.project!.slug })}
                              >
                                Unfollow
                              </button>
                            </>
                          ) : repo.canFollow ? (
                            <button
                              type="button"
                              disabled={busy}
                              onClick={() =>
                                follow.mutate({
                                  provider: group.provider,
                                  repositoryId: repo.id,
                                })
                              }
                            >
                              Follow
                            </button>
                          ) : (
                            <span className="muted small">needs admin permission to follow</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </section>
      ))}
    </div>
  );
}
