import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../main.ts";

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

function project(config: string, orbs: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "cairn-cli-"));
  mkdirSync(join(dir, ".circleci"));
  writeFileSync(join(dir, ".circleci", "config.yml"), config);
  for (const [path, source] of Object.entries(orbs)) {
    mkdirSync(join(dir, ".circleci", "orbs", path, ".."), { recursive: true });
    writeFileSync(join(dir, ".circleci", "orbs", path), source);
  }
  return dir;
}

const VALID = `version: 2.1
parameters:
  greeting: {type: string, default: hello}
orbs:
  tools: acme/tools@1
jobs:
  build:
    docker: [{image: alpine}]
    steps: [tools/say, {run: "echo << pipeline.parameters.greeting >> << pipeline.git.branch >>"}]
  release:
    docker: [{image: alpine}]
    steps: [checkout]
workflows:
  main:
    jobs:
      - build: {filters: {tags: {only: /.*/}}}
      - release: {requires: [build], filters: {branches: {ignore: /.*/}, tags: {only: /^v.*/}}}
`;
const ORBS = { "acme/tools@1.4.0.yml": "version: 2.1\ncommands:\n  say: {steps: [{run: said}]}\n" };

describe("cairn config", () => {
  it("validate: exit 0 for a valid config (default path, repository orbs)", async () => {
    const result = await cairn(["config", "validate"], project(VALID, ORBS));
    expect(result).toMatchObject({ code: 0, stdout: ".circleci/config.yml: valid\n" });
  });

  it("validate: exit 1 with FILE:LINE:COL: message lines", async () => {
    const dir = project(
      "version: 2.1\njobs:\n  build:\n    docker: [{image: alpine}]\n    steps:\n      - run: {comand: x}\nworkflows: {w: {jobs: [biuld]}}\n",
    );
    const result = await cairn(["config", "validate", ".circleci/config.yml"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      ".circleci/config.yml:6:15: unknown key 'comand' in 'run' — did you mean 'command'? (at jobs.build.steps[0].run.comand)",
    );
    expect(result.stderr).toContain(
      ".circleci/config.yml:7:24: unknown job 'biuld' — did you mean 'build'? (at workflows.w.jobs[0])",
    );
    expect(result.stderr).toMatch(/\d+ errors\n$/);
  });

  it("validate: names the missing orb and how to provide it", async () => {
    const result = await cairn(["config", "validate"], project(VALID));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /orb 'acme\/tools@1' \(imported as 'tools'\) is not available\. Looked in: the repository's \.circleci\/orbs\//,
    );
  });

  it("process: prints the flattened config", async () => {
    const result = await cairn(
      ["config", "process", "--param", "greeting=hi"],
      project(VALID, ORBS),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("# Orb 'tools' resolved to 'acme/tools@1.4.0'");
    expect(result.stdout).toContain("- run: said");
    expect(result.stdout).toContain("- run: echo hi main");
  });

  it("process --plan: prints the plan for a branch or a tag", async () => {
    const dir = project(VALID, ORBS);
    const branch = JSON.parse(
      (await cairn(["config", "process", "--plan", "--branch", "dev"], dir)).stdout,
    );
    expect(branch.workflows[0].jobs.map((j: { name: string }) => j.name)).toEqual(["build"]);
    const tag = JSON.parse(
      (await cairn(["config", "process", "--plan", "--tag", "v1.0"], dir)).stdout,
    );
    expect(tag.workflows[0].jobs.map((j: { name: string }) => j.name)).toEqual([
      "build",
      "release",
    ]);
  });

  it("usage errors exit 2; a missing file exits 1", async () => {
    const dir = project(VALID);
    expect((await cairn(["config"], dir)).code).toBe(2);
    expect((await cairn(["config", "frobnicate"], dir)).code).toBe(2);
    expect((await cairn(["config", "process", "--nope"], dir)).code).toBe(2);
    expect((await cairn(["config", "process", "--param", "novalue"], dir)).code).toBe(2);
    expect((await cairn(["nope"], dir)).code).toBe(2);
    const missing = await cairn(["config", "validate", "missing.yml"], dir);
    expect(missing).toMatchObject({
      code: 1,
      stderr: "cairn config: cannot read missing.yml: ENOENT\n",
    });
  });
});
