import { describe, expect, it } from "vitest";
import { artifactsBaseDomain, parseArtifactHost, projectArtifactOrigin } from "./host.ts";
import { parseProjectLabel, projectHostLabel } from "./project-label.ts";

const id = "0b6f6a2e-8f3c-4c55-9d0e-2a1b3c4d5e6f";

describe("project host labels", () => {
  it("writes a clean slug with -- and reads it back", () => {
    expect(projectHostLabel({ id, slug: "git/acme/api" })).toBe("git--acme--api");
    expect(parseProjectLabel("git--acme--api")).toEqual({ kind: "slug", slug: "git/acme/api" });
    expect(parseProjectLabel("GH--Acme--my-api")).toEqual({ kind: "slug", slug: "gh/acme/my-api" });
  });

  it("falls back to the id for slugs a label cannot carry unambiguously", () => {
    for (const slug of [
      "gh/Acme/api",
      "gh/acme/my_api",
      "gh/acme/a--b",
      "gh/acme/v1.2",
      `gh/acme/${"x".repeat(60)}`,
    ]) {
      expect(projectHostLabel({ id, slug })).toBe(id);
    }
    expect(parseProjectLabel(id.toUpperCase())).toEqual({ kind: "id", id });
  });

  it("refuses labels that name no project", () => {
    for (const label of [
      "",
      "api",
      "a--b",
      "a--b--c--d",
      "a----b--c",
      "-a--b--c",
      "x".repeat(64),
    ]) {
      expect(parseProjectLabel(label)).toBeNull();
    }
  });
});

describe("artifact hosts", () => {
  it("takes the label under the base domain, ignoring case, port and a trailing dot", () => {
    expect(
      parseArtifactHost("git--acme--api.artifacts.localhost:3001", "artifacts.localhost"),
    ).toBe("git--acme--api");
    expect(parseArtifactHost("X.Artifacts.Example.COM.", "artifacts.example.com")).toBe("x");
  });

  it("refuses other hosts", () => {
    for (const host of [
      undefined,
      "",
      "artifacts.localhost",
      "a.b.artifacts.localhost",
      "evil.com",
      "a_b.artifacts.localhost",
      "127.0.0.1:3001",
      `${"a".repeat(300)}.artifacts.localhost`,
    ]) {
      expect(parseArtifactHost(host, "artifacts.localhost")).toBeNull();
    }
  });

  it("derives the base domain and a project's origin from the artifacts URL", () => {
    expect(artifactsBaseDomain("http://localhost:3001")).toBe("artifacts.localhost");
    expect(artifactsBaseDomain("https://x.example", "Art.Example")).toBe("art.example");
    expect(projectArtifactOrigin("http://localhost:3001", "artifacts.localhost", "p")).toBe(
      "http://p.artifacts.localhost:3001",
    );
    expect(projectArtifactOrigin("https://cairn.example", "a.cairn.example", "p")).toBe(
      "https://p.a.cairn.example",
    );
  });
});
