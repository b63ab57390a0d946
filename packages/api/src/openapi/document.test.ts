// Keeps the document in step with the web app: every route file under /api/v2 must be
// described (path and methods), and nothing is described that the app does not serve.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document.ts";

const ROUTES_DIR = fileURLToPath(new URL("../../../../apps/web/src/app/api/v2", import.meta.url));

/** Folder names whose OpenAPI parameter keeps CircleCI's spelling. */
const PARAMETER_NAMES: Record<string, string> = {
  envName: "env-var-name",
  approvalRequestId: "approval_request_id",
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [path] : [];
  });
}

function servedOperations() {
  const operations: string[] = [];
  for (const file of routeFiles(ROUTES_DIR)) {
    const folder = relative(ROUTES_DIR, join(file, ".."));
    // The catch-all only answers 404 for unknown paths.
    if (folder.includes("[...")) continue;
    const path = `/${folder
      .split(sep)
      .map((segment) =>
        segment.replace(/^\[(.+)\]$/, (_, name) => `{${PARAMETER_NAMES[name] ?? name}}`),
      )
      .join("/")}`;
    const methods = readFileSync(file, "utf8").matchAll(
      /export const (GET|POST|PUT|PATCH|DELETE)\b/g,
    );
    for (const [, method] of methods) operations.push(`${method?.toLowerCase()} ${path}`);
  }
  return operations.sort();
}

const documentedOperations = () =>
  Object.entries(openApiDocument.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
    .sort();

describe("the OpenAPI document", () => {
  it("describes exactly the routes the web app serves", () => {
    const served = servedOperations();
    expect(served.length).toBeGreaterThan(15);
    expect(documentedOperations()).toEqual(served);
  });

  it("points only at schemas it defines", () => {
    const refs = JSON.stringify(openApiDocument).matchAll(/"#\/components\/schemas\/([^"]+)"/g);
    for (const [, name] of refs) {
      expect(openApiDocument.components.schemas, name).toHaveProperty(name as string);
    }
  });

  it("is OpenAPI 3.1 with the Circle-Token scheme required by default", () => {
    expect(openApiDocument.openapi).toBe("3.1.0");
    expect(openApiDocument.security).toEqual([{ CircleToken: [] }]);
    expect(openApiDocument.paths["/openapi.json"]?.get?.security).toEqual([]);
  });
});
