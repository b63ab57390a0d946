import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "./main.ts";

const ORB = "version: 2.1\ncommands:\n  say: {steps: [{run: said}]}\n";
const CONFIG = `version: 2.1
orbs: {tools: acme/tools@1}
jobs:
  build: {docker: [{image: alpine}], steps: [tools/say]}
workflows: {w: {jobs: [build]}}
`;

/** A stand-in for CircleCI's GraphQL endpoint that knows one orb, acme/tools@1.4.0. */
const requested: string[] = [];
const server = createServer(async (request, response) => {
  let text = "";
  for await (const chunk of request) text += chunk;
  const body = JSON.parse(text) as { query: string; variables: { orbVersionRef: string } };
  const ref = body.variables.orbVersionRef;
  const valid =
    request.method === "POST" &&
    request.headers["content-type"]?.startsWith("application/json") &&
    body.query.includes("orbVersion(orbVersionRef:") &&
    /^[a-z0-9-]+\/[a-z0-9-]+@[\w.:-]+$/.test(ref);
  requested.push(valid ? ref : `invalid request for ${ref}`);
  const known = ref === "acme/tools@1" || ref === "acme/tools@1.4.0";
  const orbVersion = known
    ? { id: "1", version: "1.4.0", orb: { id: "2", name: "acme/tools" }, source: ORB }
    : null;
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ data: { orbVersion } }));
});

const directories: string[] = [];
function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), "cairn-cli-registry-"));
  directories.push(dir);
  return dir;
}

function project(config: string): string {
  const dir = temporaryDirectory();
  mkdirSync(join(dir, ".circleci"));
  writeFileSync(join(dir, ".circleci", "config.yml"), config);
  return dir;
}

async function cairn(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    cwd,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("cairn config with CircleCI's orb registry", () => {
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql-unstable`;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  });

  it("CAIRN_ORB_REGISTRY=on fetches the orb once, then uses the cache", async () => {
    const cache = temporaryDirectory();
    vi.stubEnv("CAIRN_ORB_REGISTRY", "on");
    vi.stubEnv("CAIRN_ORB_REGISTRY_URL", url);
    vi.stubEnv("CAIRN_ORB_CACHE_DIR", cache);
    const before = requested.length;
    const dir = project(CONFIG);
    expect(await cairn(["config", "validate"], dir)).toEqual({
      code: 0,
      stdout: ".circleci/config.yml: valid\n",
      stderr: "",
    });
    expect(requested.slice(before)).toEqual(["acme/tools@1"]);
    expect(existsSync(join(cache, "acme", "tools@1.4.0.yml"))).toBe(true);

    const processed = await cairn(["config", "process"], dir);
    expect(processed.code).toBe(0);
    expect(processed.stdout).toContain("said");
    expect(requested.length).toBe(before + 1);
  });

  it("the registry is off by default, and a missing orb says how to provide it", async () => {
    const cache = temporaryDirectory();
    vi.stubEnv("CAIRN_ORB_REGISTRY", undefined);
    vi.stubEnv("CAIRN_ORB_REGISTRY_URL", url);
    vi.stubEnv("CAIRN_ORB_CACHE_DIR", cache);
    const before = requested.length;
    const result = await cairn(["config", "validate"], project(CONFIG));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `orb 'acme/tools@1' (imported as 'tools') is not available. Looked in: the repository's .circleci/orbs/; the orb cache ${cache}. Provide it`,
    );
    expect(requested.length).toBe(before);
  });

  it("an unreachable registry is a warning and a 'could not be reached' error", async () => {
    vi.stubEnv("CAIRN_ORB_REGISTRY", "on");
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    vi.stubEnv("CAIRN_ORB_REGISTRY_URL", `http://127.0.0.1:${port}/graphql-unstable`);
    vi.stubEnv("CAIRN_ORB_CACHE_DIR", temporaryDirectory());
    const result = await cairn(["config", "validate"], project(CONFIG));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^cairn config: warning: CircleCI's orb registry \(http:\/\/127\.0\.0\.1:\d+\/graphql-unstable\) could not be used for acme\/tools@1: network error: ECONNREFUSED\n/,
    );
    expect(result.stderr).toContain(
      "CircleCI's public orb registry, which could not be reached (network error: ECONNREFUSED)",
    );
  });

  it("bad settings are usage errors naming the variable", async () => {
    vi.stubEnv("CAIRN_ORB_REGISTRY", "maybe");
    const dir = project(CONFIG);
    expect(await cairn(["config", "validate"], dir)).toMatchObject({
      code: 2,
      stderr: "cairn config: CAIRN_ORB_REGISTRY must be on or off\n",
    });
    vi.stubEnv("CAIRN_ORB_REGISTRY", "on");
    vi.stubEnv("CAIRN_ORB_REGISTRY_URL", "ftp://mirror.example");
    expect(await cairn(["config", "validate"], dir)).toMatchObject({
      code: 2,
      stderr:
        "cairn config: CAIRN_ORB_REGISTRY_URL: the orb registry URL must start with https:// or http://\n",
    });
  });
});
