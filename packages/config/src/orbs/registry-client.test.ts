import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileConfigAsync } from "../compile/compile-async.ts";
import { chainAsyncOrbResolvers } from "./chain.ts";
import { createDirectoryOrbResolver } from "./file-resolver.ts";
import { pickOrbVersion } from "./reference.ts";
import {
  createCircleCiOrbRegistry,
  createRegistryOrbResolver,
  OrbRegistrySettingsError,
} from "./registry-client.ts";

/** Published versions the stand-in registry knows; ranges are resolved like the real one. */
const PUBLISHED: Record<string, Record<string, string>> = {
  "acme/tools": {
    "1.3.0": "version: 2.1\ncommands:\n  say: {steps: [{run: old}]}\n",
    "1.4.0": "version: 2.1\ncommands:\n  say: {steps: [{run: said}]}\n",
  },
};

interface Recorded {
  ref: string;
  token: string | undefined;
  bodyKeys: string[];
}

/**
 * A stand-in for https://circleci.com/graphql-unstable on 127.0.0.1. It checks requests as
 * the real service documents them and answers like it: `{data: {orbVersion: …}}`, with
 * `orbVersion: null` for an unknown orb. Some orb names trigger failures.
 */
function standInRegistry() {
  const requests: Recorded[] = [];
  const problems: string[] = [];
  const server = createServer((request, response) => {
    void answer(request, response).catch((error: Error) => problems.push(error.message));
  });
  async function answer(request: IncomingMessage, response: ServerResponse) {
    let text = "";
    for await (const chunk of request) text += chunk;
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const body = JSON.parse(text) as { query?: string; variables?: Record<string, unknown> };
    const ref = String(body.variables?.orbVersionRef);
    if (request.method !== "POST") problems.push(`method ${request.method}`);
    if (!request.headers["content-type"]?.startsWith("application/json"))
      problems.push(`content-type ${request.headers["content-type"]}`);
    if (!body.query?.includes("orbVersion(orbVersionRef:")) problems.push("query");
    if (!/^[a-z0-9-]+\/[a-z0-9-]+@[\w.:-]+$/.test(ref)) problems.push(`orbVersionRef ${ref}`);
    if (Object.keys(body.variables ?? {}).join() !== "orbVersionRef") problems.push("variables");
    const token = request.headers["circle-token"];
    requests.push({ ref, token: token as string | undefined, bodyKeys: Object.keys(body) });
    if (problems.length > 0) return reply(400, { errors: [{ message: problems.join("; ") }] });

    const [name = "", version = ""] = ref.split("@");
    if (name === "acme/stall") return; // never answers
    if (name === "acme/down") return reply(500, { message: "internal error" });
    if (name === "acme/garbled") {
      response.writeHead(200, { "content-type": "text/html" });
      return response.end("<html>maintenance</html>");
    }
    if (name === "acme/gone")
      return reply(200, { data: null, errors: [{ message: `Orb ${name} not found` }] });
    const versions = PUBLISHED[name] ?? {};
    const exact = pickOrbVersion(version, Object.keys(versions));
    if (exact === undefined) return reply(200, { data: { orbVersion: null } });
    reply(200, {
      data: {
        orbVersion: {
          id: "5f0b8c9e-0000-4000-8000-000000000001",
          version: exact,
          orb: { id: "5f0b8c9e-0000-4000-8000-000000000002", name },
          source: versions[exact],
        },
      },
    });
  }
  return {
    requests,
    problems,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () => {
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql-unstable`);
        }),
      ),
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections(); // the stalled request's socket
  return new Promise((resolve) => server.close(() => resolve()));
}

const config = (orb: string) =>
  `version: 2.1\norbs: {tools: ${orb}}\njobs:\n  build: {docker: [{image: alpine}], steps: [tools/say]}\nworkflows: {w: {jobs: [build]}}\n`;

describe("CircleCI orb registry client", () => {
  const registry = standInRegistry();
  const directories: string[] = [];
  let url = "";

  beforeAll(async () => {
    url = await registry.listen();
  });
  afterAll(async () => {
    await registry.close();
    for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  });

  function cacheDirectory(): string {
    const dir = mkdtempSync(join(tmpdir(), "cairn-orb-registry-"));
    directories.push(dir);
    return dir;
  }

  /** Cache directory first, registry last: the chain the server and the CLI use. */
  function compile(orb: string, cache: string, warnings: string[] = [], timeoutMs?: number) {
    const resolver = chainAsyncOrbResolvers(
      createDirectoryOrbResolver(cache, "the orb cache"),
      createRegistryOrbResolver({
        url,
        cacheDirectory: cache,
        onWarning: (m) => warnings.push(m),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      }),
    );
    return compileConfigAsync(config(orb), { orbResolver: resolver });
  }

  it("compiles with an orb fetched from the registry, then reads it from the cache", async () => {
    const cache = cacheDirectory();
    const before = registry.requests.length;
    const first = await compile("acme/tools@1.4.0", cache);
    expect(first.ok).toBe(true);
    if (first.ok) expect(first.processed).toContain("said");
    expect(registry.requests.length).toBe(before + 1);
    expect(existsSync(join(cache, "acme", "tools@1.4.0.yml"))).toBe(true);

    const second = await compile("acme/tools@1.4.0", cache);
    expect(second.ok).toBe(true);
    expect(registry.requests.length).toBe(before + 1);
    expect(registry.problems).toEqual([]);
  });

  it("returns the exact version for a range, and caches it under that version", async () => {
    const client = createCircleCiOrbRegistry({ url });
    const fetched = await client.fetchOrb({ namespace: "acme", name: "tools", version: "1" });
    expect(fetched).toMatchObject({ version: "1.4.0", source: PUBLISHED["acme/tools"]!["1.4.0"] });
    expect(fetched?.file).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/graphql-unstable#acme\/tools@1\.4\.0$/,
    );

    const cache = cacheDirectory();
    const before = registry.requests.length;
    expect((await compile("acme/tools@1", cache)).ok).toBe(true);
    expect((await compile("acme/tools@1", cache)).ok).toBe(true);
    expect(registry.requests.length).toBe(before + 1);
    expect(existsSync(join(cache, "acme", "tools@1.4.0.yml"))).toBe(true);
    expect(registry.problems).toEqual([]);
  });

  it("an orb the registry does not have is the compiler's 'not available' error, no warning", async () => {
    const warnings: string[] = [];
    const result = await compile("acme/nope@2", cacheDirectory(), warnings);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]!.message).toMatch(
        /^orb 'acme\/nope@2' \(imported as 'tools'\) is not available\. Looked in: the orb cache; CircleCI's public orb registry\. Provide it by saving its source as \.circleci\/orbs\/acme\/nope@2\.yml/,
      );
    const gone = await createCircleCiOrbRegistry({
      url,
      onWarning: (m) => warnings.push(m),
    }).fetchOrb({ namespace: "acme", name: "gone", version: "1.0.0" });
    expect(gone).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it("a registry that never answers is cut off by the timeout, with a warning", async () => {
    const warnings: string[] = [];
    const started = performance.now();
    const result = await compile("acme/stall@1.0.0", cacheDirectory(), warnings, 500);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2_000);
    expect(warnings).toEqual([
      `CircleCI's orb registry (${url}) could not be used for acme/stall@1.0.0: no answer within 500 ms`,
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]!.message).toContain(
        "CircleCI's public orb registry, which could not be reached (no answer within 500 ms)",
      );
  });

  it("HTTP 500, a garbled answer and a refused connection give warnings, never throw", async () => {
    const warnings: string[] = [];
    const client = createCircleCiOrbRegistry({ url, onWarning: (m) => warnings.push(m) });
    expect(
      await client.fetchOrb({ namespace: "acme", name: "down", version: "1" }),
    ).toBeUndefined();
    expect(
      await client.fetchOrb({ namespace: "acme", name: "garbled", version: "1" }),
    ).toBeUndefined();

    const closed = standInRegistry();
    const closedUrl = await closed.listen();
    await closed.close();
    const refused = createCircleCiOrbRegistry({
      url: closedUrl,
      onWarning: (m) => warnings.push(m),
    });
    expect(await refused.fetchOrb({ namespace: "acme", name: "tools", version: "1" })).toBe(
      undefined,
    );
    expect(warnings).toEqual([
      expect.stringMatching(/could not be used for acme\/down@1: it answered HTTP 500$/),
      expect.stringMatching(/could not be used for acme\/garbled@1: its answer is not JSON$/),
      expect.stringMatching(/could not be used for acme\/tools@1: network error: ECONNREFUSED$/),
    ]);
  });

  it("sends only the orb reference (and the token as Circle-Token), never logs the token", async () => {
    const warnings: string[] = [];
    const token = "s3cr3t-token-value";
    const client = createCircleCiOrbRegistry({
      url,
      token,
      onWarning: (m) => warnings.push(m),
    });
    await client.fetchOrb({ namespace: "acme", name: "down", version: "1.0.0" });
    expect(registry.requests.at(-1)).toEqual({
      ref: "acme/down@1.0.0",
      token,
      bodyKeys: ["query", "variables"],
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain(token);
    // A reference the registry could never hold is not sent at all.
    const before = registry.requests.length;
    expect(
      await client.fetchOrb({ namespace: "acme", name: "tools", version: "1 OR x" }),
    ).toBeUndefined();
    expect(registry.requests.length).toBe(before);
  });

  it("refuses settings that can never work", () => {
    expect(() => createCircleCiOrbRegistry({ url: "ftp://example.com" })).toThrow(
      OrbRegistrySettingsError,
    );
    expect(() => createCircleCiOrbRegistry({ url: "not a url" })).toThrow("not a valid URL");
    expect(() => createCircleCiOrbRegistry({ url: "https://user:pw@example.com/" })).toThrow(
      "must not contain credentials",
    );
    expect(() => createCircleCiOrbRegistry({ timeoutMs: 0 })).toThrow("positive");
  });
});
