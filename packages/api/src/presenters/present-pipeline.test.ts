import type { Pipeline } from "@cairn/db";
import { describe, expect, it } from "vitest";
import { presentPipeline } from "./present-pipeline.ts";

const pipeline = {
  id: "p1",
  number: 3,
  state: "setup_pending",
  status: "error",
  triggerType: "api",
  triggerReceivedAt: new Date("2025-01-02T03:04:05Z"),
  createdAt: new Date("2025-01-02T03:04:05Z"),
  updatedAt: new Date("2025-01-02T03:04:06Z"),
  actorLogin: "ada",
  actorAvatarUrl: null,
  branch: "main",
  tag: null,
  revision: "a".repeat(40),
  commitSubject: null,
  commitBody: null,
  parameters: {},
  targetRepositoryUrl: "https://ada:secret-token@git.example.test/app.git",
  originRepositoryUrl: "https://ada:secret-token@git.example.test/app.git",
  configErrors: [
    { type: "config", file: ".circleci/config.yml", line: 4, column: 7, message: "bad key" },
  ],
} as unknown as Pipeline;

describe("presentPipeline", () => {
  it("uses CircleCI's names and puts line:column in error messages", () => {
    const presented = presentPipeline(pipeline, { slug: "git/acme/app", provider: "git" });
    expect(presented.state).toBe("setup-pending");
    expect(presented.errors).toEqual([
      { type: "config", message: ".circleci/config.yml:4:7: bad key" },
    ]);
    expect(presented.vcs).toMatchObject({ branch: "main", revision: "a".repeat(40) });
    expect(presented.vcs).not.toHaveProperty("tag");
  });

  it("never shows credentials of a repository URL", () => {
    const presented = presentPipeline(pipeline, { slug: "git/acme/app", provider: "git" });
    expect(JSON.stringify(presented)).not.toContain("secret-token");
    expect(presented.vcs.target_repository_url).toBe("https://git.example.test/app.git");
  });
});
