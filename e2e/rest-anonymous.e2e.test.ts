// Every operation of the REST API's own description refuses a request without a token, or
// with a wrong one, before looking anything up: 401 whatever the ids in the path.
import { describe, expect, it } from "vitest";
import { e2eStack } from "./stack.ts";

const { baseUrl } = e2eStack();

interface Operation {
  method: string;
  path: string;
  public: boolean;
}

async function operations(): Promise<Operation[]> {
  const response = await fetch(`${baseUrl}/api/v2/openapi.json`);
  expect(response.status).toBe(200);
  const document = (await response.json()) as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      // Any value does: the token is checked first.
      path: path.replace(/\{provider\}/g, "gh").replace(/\{[^}]+\}/g, "guessed-id"),
      public: Array.isArray(operation.security) && operation.security.length === 0,
    })),
  );
}

describe("REST API v2 without valid credentials", () => {
  it("answers 401 to every operation that is not public", async () => {
    const all = await operations();
    expect(all.length).toBeGreaterThan(25);
    const answers: string[] = [];
    for (const operation of all.filter((one) => !one.public)) {
      for (const headers of [{}, { "Circle-Token": "not-a-real-token" }] as Record<
        string,
        string
      >[]) {
        const response = await fetch(`${baseUrl}/api/v2${operation.path}`, {
          method: operation.method,
          headers: { ...headers, "content-type": "application/json" },
          ...(operation.method === "GET" || operation.method === "DELETE" ? {} : { body: "{}" }),
        });
        const body = await response.text();
        answers.push(
          `${operation.method} ${operation.path} ${headers["Circle-Token"] ? "bad token" : "none"} → ${response.status}`,
        );
        // Never a stack trace, never a hint of what exists.
        expect(body).not.toMatch(/at \S+ \(|node_modules/);
      }
    }
    expect(answers.filter((answer) => !answer.endsWith("→ 401"))).toEqual([]);
  });
});
