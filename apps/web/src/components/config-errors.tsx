"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { errorMessage } from "./error-message.ts";

/** Each config error with where it is and the lines of the config around it, the line marked. */
export function ConfigErrors({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const errors = useQuery(trpc.pipelines.configErrors.queryOptions({ id: pipelineId }));
  if (errors.error) return <p className="error">{errorMessage(errors.error)}</p>;
  if (!errors.data || errors.data.length === 0) return null;
  return (
    <section className="config-errors" data-testid="config-errors">
      <h2>
        The config has {errors.data.length} {errors.data.length === 1 ? "error" : "errors"}
      </h2>
      {errors.data.map((error, index) => (
        <div
          // Errors have no id; their order is the compiler's and never changes.
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
          key={index}
          className="config-error"
          data-testid="config-error"
          data-line={error.line ?? ""}
        >
          <p>
            <code>
              {error.file}
              {error.line !== null ? `:${error.line}` : ""}
              {error.column !== null ? `:${error.column}` : ""}
            </code>{" "}
            {error.message}
          </p>
          {error.excerpt ? (
            <pre className="excerpt">
              {error.excerpt.lines.map((text, offset) => {
                const number = (error.excerpt?.firstLine ?? 1) + offset;
                const marked = number === error.line;
                return (
                  <div
                    key={number}
                    className={marked ? "excerpt-line excerpt-marked" : "excerpt-line"}
                    data-marked={marked || undefined}
                  >
                    <span className="excerpt-number">{number}</span>
                    <span className="excerpt-gutter">{marked ? ">" : " "}</span>
                    {text}
                    {marked && error.column !== null ? (
                      <div className="excerpt-caret">
                        <span className="excerpt-number" />
                        <span className="excerpt-gutter"> </span>
                        {`${" ".repeat(error.column - 1)}^`}
                      </div>
                    ) : null}
                  </div>
                );
              })}
            </pre>
          ) : null}
        </div>
      ))}
    </section>
  );
}
