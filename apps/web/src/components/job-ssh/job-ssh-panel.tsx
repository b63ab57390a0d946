"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";

// xterm.js touches `window` when it loads: the terminal is built in the browser only.
const BrowserTerminal = dynamic(
  () => import("./browser-terminal.tsx").then((module) => module.BrowserTerminal),
  { ssr: false },
);

const REFRESH_MS = 2000;

/**
 * Rerun with SSH on the job page: the button, and for a rerun with SSH the `ssh` command,
 * the host key fingerprint, the secrets warning and the browser terminal while the window
 * is open.
 */
export function JobSshPanel({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const { data: state } = useQuery(
    trpc.ssh.jobState.queryOptions(
      { id: jobId },
      // Only a rerun with SSH has a window to watch for.
      { refetchInterval: (query) => (query.state.data?.requested ? REFRESH_MS : false) },
    ),
  );
  const { data: job } = useQuery(trpc.jobs.get.queryOptions({ id: jobId }));
  const rerun = useMutation(
    trpc.ssh.rerunJob.mutationOptions({
      onSuccess: (result) => {
        if (result.jobId) window.location.assign(`/job/${result.jobId}`);
      },
    }),
  );
  const [terminalOpen, setTerminalOpen] = useState(false);
  if (!state || !job) return null;
  const access = state.access;

  return (
    <section className="panel" aria-label="SSH" data-testid="job-ssh">
      {job.finished ? (
        <p>
          <button
            type="button"
            className="secondary"
            disabled={rerun.isPending}
            onClick={() => rerun.mutate({ id: jobId })}
          >
            Rerun job with SSH
          </button>{" "}
          <span className="muted small">
            Runs the job again, then keeps its containers up for your SSH sessions (keys in{" "}
            <a href="/settings/ssh-keys">your SSH keys</a>).
          </span>
        </p>
      ) : null}
      {rerun.error ? <p className="error">{rerun.error.message}</p> : null}
      {state.requested && !access && !job.finished ? (
        <p className="muted">SSH opens once the job's steps have run.</p>
      ) : null}
      {access ? (
        <>
          <h2>SSH</h2>
          <p>
            Connect with one of <a href="/settings/ssh-keys">your SSH keys</a>:
          </p>
          <pre data-testid="ssh-command">
            <code>{access.command}</code>
          </pre>
          <p className="small">
            Host key fingerprint:{" "}
            <code data-testid="ssh-fingerprint">{access.hostKeyFingerprint}</code>
          </p>
          <p className="small muted">
            The containers stay up until the last session ends (
            {new Date(access.expiresAt).toLocaleTimeString()} if nobody connects, at most{" "}
            {new Date(access.maxExpiresAt).toLocaleTimeString()}).
          </p>
          <p className="notice">
            Secrets are visible in the container: the project's environment variables and contexts
            are set in every shell.
          </p>
          {state.mayConnect ? (
            terminalOpen ? null : (
              <button type="button" onClick={() => setTerminalOpen(true)}>
                Open terminal
              </button>
            )
          ) : (
            <p className="muted small">
              Only the user who reran this job with SSH and project admins can connect.
            </p>
          )}
        </>
      ) : null}
      {/* Stays after the window ends, so its last words can be read. */}
      {terminalOpen ? (
        <BrowserTerminal jobId={jobId} onClose={() => setTerminalOpen(false)} />
      ) : null}
    </section>
  );
}
