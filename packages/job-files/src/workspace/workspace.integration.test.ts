import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient } from "@cairn/executor";
import { FileBlobStore } from "@cairn/storage";
import type { Container } from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRef } from "../context.ts";
import { removeContainers, sh, startTestContainer } from "../test-support/containers.ts";
import { testContext } from "../test-support/job-context.ts";
import { createTestWorkflow } from "../test-support/workflow-rows.ts";
import { attachWorkspace } from "./attach-workspace.ts";
import { WorkspaceConflictError } from "./layer-order.ts";
import { persistToWorkspace } from "./persist-to-workspace.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);
const docker = createDockerClient();

let database: TestDatabase;
let storeRoot: string;
let store: FileBlobStore;
let producer: Container;
let consumer: Container;

function context(container: Container, job: JobRef) {
  return testContext({ db: database.db, store, container, job });
}

beforeAll(async () => {
  [database, storeRoot, producer, consumer] = await Promise.all([
    createTestDatabase(adminUrl),
    mkdtemp(join(tmpdir(), "cairn-job-files-workspace-")),
    startTestContainer(docker),
    startTestContainer(docker),
  ]);
  store = new FileBlobStore(storeRoot);
}, 120_000);

afterAll(async () => {
  await removeContainers([producer, consumer].filter(Boolean));
  await database?.drop();
  if (storeRoot) await rm(storeRoot, { recursive: true, force: true });
});

describe("persist_to_workspace / attach_workspace", () => {
  it("passes files down the workflow, upstream layers first, globs applied", async () => {
    const { jobs } = await createTestWorkflow(database.db, {
      setup: [],
      "build-a": ["setup"],
      "build-b": ["setup"],
      test: ["build-a", "build-b"],
    });
    await sh(
      producer,
      `mkdir -p ~/project/dist ~/project/bin && cd ~/project
       echo v1 > dist/app.js && echo '{}' > config.json
       printf '#!/bin/sh\\n' > bin/run.sh && chmod 755 bin/run.sh && echo py > bin/run.py
       ln -s app.js dist/current.js`,
    );
    const setup = context(producer, jobs.setup!);
    expect(
      await persistToWorkspace(setup, { root: ".", paths: ["dist", "config.json", "bin/*.sh"] }),
    ).toMatchObject({
      files: 4,
    });
    expect(setup.lines.at(-1)).toMatch(
      /^Persisted 4 files from \/root\/project to the workspace: .+ in [\d.]+ s$/,
    );

    await sh(
      producer,
      "echo v2 > ~/project/dist/app.js && mkdir -p /tmp/a && echo a > /tmp/a/a.txt",
    );
    await persistToWorkspace(context(producer, jobs["build-a"]!), {
      root: "/tmp",
      paths: ["/tmp/a"],
    });
    await persistToWorkspace(context(producer, jobs["build-a"]!), {
      root: ".",
      paths: ["dist/app.js"],
    });
    await sh(producer, "mkdir -p /tmp/b && echo b > /tmp/b/b.txt");
    await persistToWorkspace(context(producer, jobs["build-b"]!), {
      root: "/tmp",
      paths: ["b/*.txt"],
    });

    const attach = context(consumer, jobs.test!);
    expect(await attachWorkspace(attach, { at: "~/ws" })).toMatchObject({ layers: 4 });
    const listing = await sh(
      consumer,
      "cd ~/ws && find . -printf '%p %y %m %l\\n' | sort && cat dist/app.js a/a.txt b/b.txt",
    );
    expect(listing).toBe(
      [
        ". d 755 ",
        "./a d 755 ",
        "./a/a.txt f 644 ",
        "./b d 755 ",
        "./b/b.txt f 644 ",
        "./bin d 755 ",
        "./bin/run.sh f 755 ",
        "./config.json f 644 ",
        "./dist d 755 ",
        "./dist/app.js f 644 ",
        "./dist/current.js l 777 app.js",
        "v2",
        "a",
        "b",
        "",
      ].join("\n"),
    );
    expect(attach.lines.at(-1)).toMatch(/^Attached 4 workspace layers at \/root\/ws: /);

    // build-a sees only what setup persisted.
    const early = context(consumer, jobs["build-a"]!);
    expect(await attachWorkspace(early, { at: "/early" })).toMatchObject({ layers: 1 });
    expect(await sh(consumer, "cat /early/dist/app.js")).toBe("v1\n");
  });

  it("refuses at attach a file persisted by two concurrent jobs, naming both", async () => {
    const { jobs } = await createTestWorkflow(database.db, {
      "build-a": [],
      "build-b": [],
      test: ["build-a", "build-b"],
    });
    await sh(producer, "mkdir -p /shared/out && echo x > /shared/out/same.txt");
    await persistToWorkspace(context(producer, jobs["build-a"]!), {
      root: "/shared",
      paths: ["out"],
    });
    await persistToWorkspace(context(producer, jobs["build-b"]!), {
      root: "/shared",
      paths: ["out/same.txt"],
    });
    const attach = attachWorkspace(context(consumer, jobs.test!), { at: "/conflict" });
    await expect(attach).rejects.toThrow(WorkspaceConflictError);
    await expect(
      attachWorkspace(context(consumer, jobs.test!), { at: "/conflict" }),
    ).rejects.toThrow("out/same.txt (jobs build-a and build-b)");
    expect(await sh(consumer, "test -e /conflict && echo exists || echo absent")).toBe("absent\n");
  });

  it("fails clearly for a missing root, a missing path and globs matching nothing", async () => {
    const { jobs } = await createTestWorkflow(database.db, { lonely: [] });
    const job = jobs.lonely!;
    await expect(
      persistToWorkspace(context(producer, job), { root: "dist-missing", paths: ["."] }),
    ).rejects.toThrow("no such file or directory: /root/project/dist-missing");
    await expect(
      persistToWorkspace(context(producer, job), { root: ".", paths: ["nope"] }),
    ).rejects.toThrow("no such file or directory: /root/project/nope");
    await expect(
      persistToWorkspace(context(producer, job), { root: ".", paths: ["dist/*.none"] }),
    ).rejects.toThrow("The specified paths did not match any files in /root/project: dist/*.none");
    expect(await database.db.workspaceLayer.count({ where: { jobId: job.id } })).toBe(0);
  });
});
