"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { QueryState } from "./query-state.tsx";

const REFRESH_MS = 3000;
const RESULT_TONES: Record<string, string> = {
  success: "ok",
  failure: "bad",
  error: "bad",
  skipped: "idle",
};

/** A job run's stored test results, failures and errors first, with their messages. */
export function JobTests({ jobId, finished }: { jobId: string; finished: boolean }) {
  const trpc = useTRPC();
  // Results are stored by a step, so they can appear while the job still runs.
  const { data, error } = useQuery(
    trpc.jobs.tests.queryOptions({ id: jobId }, { refetchInterval: finished ? false : REFRESH_MS }),
  );
  if (!data) return <QueryState error={error} />;
  const { counts, cases } = data;
  if (cases.length === 0) {
    return <p className="empty">No test results were stored (use store_test_results).</p>;
  }
  return (
    <section data-testid="job-tests">
      <p className="muted" data-testid="test-counts">
        {counts.total} tests · {counts.failure} failed · {counts.error} errors · {counts.skipped}{" "}
        skipped · {counts.success} passed
      </p>
      <table className="list">
        <thead>
          <tr>
            <th>Result</th>
            <th>Test</th>
            <th>Time</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((testCase, index) => (
            <tr
              // Names may repeat across files or runs; the position keeps keys unique.
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is never reordered in place
              key={index}
              data-testid="test-case"
              data-result={testCase.result}
            >
              <td>
                <span className={`badge badge-${RESULT_TONES[testCase.result] ?? "idle"}`}>
                  {testCase.result}
                </span>
              </td>
              <td>
                <div>
                  <span className="muted">{testCase.classname}</span> {testCase.name}
                </div>
                {testCase.file ? <div className="muted small">{testCase.file}</div> : null}
                {testCase.message ? (
                  <pre className="error small" data-testid="test-message">
                    {testCase.message}
                  </pre>
                ) : null}
              </td>
              <td className="muted">{testCase.runTime.toFixed(3)} s</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
