import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient } from "@cairn/executor";
import { FileBlobStore } from "@cairn/storage";
import type { Container } from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  removeContainers,
  sh,
  startTestContainer,
  treeListing,
} from "../test-support/containers.ts";
import { FlowMeter } from "../test-support/flow-meter.ts";
import { testContext } from "../test-support/job-context.ts";
import { createTestWorkflow, type TestWorkflow } from "../test-support/workflow-rows.ts";
import { restoreCache } from "./restore-cache.ts";
import { saveCache } from "./save-cache.ts";
import { cacheStorageKey } from "./storage-key.ts";

const adminUrl = requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL);
const docker = createDockerClient();

let database: TestDatabase;
let storeRoot: string;
let store: FileBlobStore;
let source: Container;
let workflow: TestWorkflow;
const containers: Container[] = [];

async function freshContainer(): Promise<Container> {
  const container = await startTestContainer(docker);
  containers.push(container);
  return container;
}

function context(container: Container) {
  return testContext({ db: database.db, store, container, job: workflow.jobs.build! });
}

beforeAll(async () => {
  [database, storeRoot] = await Promise.all([
    createTestDatabase(adminUrl),
    mkdtemp(join(tmpdir(), "cairn-job-files-cache-")),
  ]);
  store = new FileBlobStore(storeRoot);
  workflow = await createTestWorkflow(database.db, { build: [] });
  source = await freshContainer();
  // Modes, owners, symlinks (relative, absolute, dangling), a hard link, an empty
  // directory, a name longer than tar's 100 bytes, and a dotfile under ~.
  await sh(
    source,
    `mkdir -p ~/project/node_modules/.bin ~/project/node_modules/pkg/lib ~/project/node_modules/empty ~/.cache/tool
     cd ~/project
     echo '{"lockfileVersion": 3}' > package-lock.json
     printf '#!/bin/sh\\necho hi\\n' > node_modules/pkg/lib/cli.sh && chmod 750 node_modules/pkg/lib/cli.sh
     echo 'module.exports = 1' > node_modules/pkg/index.js && chmod 600 node_modules/pkg/index.js
     chown 1234:2345 node_modules/pkg/index.js
     ln -s ../pkg/lib/cli.sh node_modules/.bin/cli
     ln -s /nonexistent/target node_modules/.bin/dangling
     ln node_modules/pkg/index.js node_modules/pkg/hardlink.js
     long=node_modules/pkg/$(printf 'd%.0s' $(seq 1 80))/$(printf 'f%.0s' $(seq 1 90)).txt
     mkdir -p "$(dirname "$long")" && echo long > "$long"
     echo secret-ish > ~/.cache/tool/.state`,
  );
}, 120_000);

afterAll(async () => {
  await removeContainers(containers);
  await database?.drop();
  if (storeRoot) await rm(storeRoot, { recursive: true, force: true });
});

describe("save_cache / restore_cache", () => {
  it("restores into a fresh container byte-identical, with modes, owners and links", async () => {
    const save = context(source);
    const saved = await saveCache(save, {
      key: 'deps-{{ .Branch }}-{{ checksum "package-lock.json" }}',
      paths: ["node_modules", "~/.cache", "does-not-exist"],
    });
    // base64 SHA-256 of the lock file, as CircleCI computes it.
    const expected = Buffer.from(
      (await sh(source, "sha256sum ~/project/package-lock.json")).split(" ")[0]!,
      "hex",
    ).toString("base64");
    expect(saved).toMatchObject({ status: "saved", key: `deps-main-${expected}` });
    expect(save.lines).toContain(
      "Warning: could not find /root/project/does-not-exist (no such file or directory), not caching it",
    );
    expect(
      save.lines.some((line) =>
        /^Uploaded [\d.]+ k?B cache \(.+ unpacked\) in [\d.]+ s$/.test(line),
      ),
    ).toBe(true);
    const row = await database.db.cache.findFirstOrThrow({ where: { key: saved.key } });
    expect(row.storagePath).toBe(cacheStorageKey(workflow.projectId, saved.key));
    expect(Number(row.size)).toBe((await store.head(row.storagePath))?.size);

    const target = await freshContainer();
    const restore = context(target);
    const restored = await restoreCache(restore, { keys: ["deps-main-"] });
    expect(restored).toMatchObject({ status: "restored", key: saved.key });
    const paths = ["/root/project/node_modules", "/root/.cache"];
    const [before, after] = await Promise.all([
      treeListing(source, paths),
      treeListing(target, paths),
    ]);
    expect(after).toBe(before);
    expect(after).toContain("/root/project/node_modules/.bin/cli l 777 0:0 ../pkg/lib/cli.sh");
    expect(after).toContain("/root/project/node_modules/pkg/index.js f 600 1234:2345");
    expect(after).toContain("/root/project/node_modules/pkg/lib/cli.sh f 750 0:0");
    expect(await sh(target, "stat -c %h /root/project/node_modules/pkg/hardlink.js")).toBe("2\n");
    expect(
      (await database.db.cache.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt,
    ).not.toBeNull();
  });

  it("never overwrites a key: a second save is skipped with CircleCI's line", async () => {
    const first = await saveCache(context(source), {
      key: "immutable-v1",
      paths: ["package-lock.json"],
    });
    expect(first.status).toBe("saved");
    const before = await store.head(cacheStorageKey(workflow.projectId, "immutable-v1"));
    await sh(source, "echo changed >> ~/project/package-lock.json");
    const again = context(source);
    expect(await saveCache(again, { key: "immutable-v1", paths: ["package-lock.json"] })).toEqual({
      status: "skipped",
      key: "immutable-v1",
      reason: "exists",
    });
    expect(again.lines).toEqual([
      "Skipping cache generation, cache already exists for key: immutable-v1",
    ]);
    expect(await store.head(cacheStorageKey(workflow.projectId, "immutable-v1"))).toEqual(before);
  });

  it("lets exactly one of two jobs saving one key at once win", async () => {
    const results = await Promise.all([
      saveCache(context(source), { key: "race-v1", paths: ["node_modules"] }),
      saveCache(context(source), { key: "race-v1", paths: ["node_modules"] }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["saved", "skipped"]);
    expect(await database.db.cache.count({ where: { key: "race-v1" } })).toBe(1);
  });

  it("restores the newest cache of the first key that matches, and warns on a miss", async () => {
    await sh(source, "mkdir -p /opt/pick && echo old > /opt/pick/version");
    await saveCache(context(source), { key: "pick-v1-aaa", paths: ["/opt/pick"] });
    await sh(source, "echo new > /opt/pick/version");
    await saveCache(context(source), { key: "pick-v1-bbb", paths: ["/opt/pick"] });
    await sh(source, "echo other > /opt/pick/version");
    await saveCache(context(source), { key: "pick-v2-ccc", paths: ["/opt/pick"] });

    const target = await freshContainer();
    const newest = context(target);
    expect(await restoreCache(newest, { keys: ["pick-v9", "pick-v1-"] })).toMatchObject({
      key: "pick-v1-bbb",
    });
    expect(await sh(target, "cat /opt/pick/version")).toBe("new\n");
    expect(newest.lines[0]).toBe("Found a cache with key: pick-v1-bbb (matched pick-v1-)");

    expect(await restoreCache(context(target), { keys: ["pick-v1-aaa", "pick-"] })).toMatchObject({
      key: "pick-v1-aaa",
    });
    expect(await sh(target, "cat /opt/pick/version")).toBe("old\n");

    const miss = context(target);
    expect(await restoreCache(miss, { keys: ["nothing-{{ .Branch }}"] })).toEqual({
      status: "miss",
    });
    expect(miss.lines).toEqual(["Warning: no cache found for keys: nothing-main"]);
  });

  it("fails clearly for a checksum of a missing file and for an overlong key", async () => {
    await expect(
      saveCache(context(source), { key: '{{ checksum "nope.lock" }}', paths: ["node_modules"] }),
    ).rejects.toThrow("no such file or directory: /root/project/nope.lock");
    await expect(
      saveCache(context(source), { key: "k".repeat(901), paths: ["node_modules"] }),
    ).rejects.toThrow("cache key is 901 characters long; the limit is 900");
  });

  it("streams a 50 MB cache both ways without holding it in memory", async () => {
    // Random bytes: gzip cannot shrink them, so bytes in ≈ bytes out on both sides.
    await sh(source, "mkdir -p /data && head -c 50000000 /dev/urandom > /data/blob.bin");
    const save = context(source);
    const saveMeter = new FlowMeter();
    save.files = saveMeter.readingFrom(save.files);
    save.store = saveMeter.writingTo(store);
    const saveStarted = performance.now();
    const saved = await saveCache(save, { key: "big-v1", paths: ["/data"] });
    const saveMs = performance.now() - saveStarted;

    const target = await freshContainer();
    const restore = context(target);
    const restoreMeter = new FlowMeter();
    restore.files = restoreMeter.writingInto(restore.files);
    restore.store = restoreMeter.readingFromStore(store);
    const restoreStarted = performance.now();
    await restoreCache(restore, { keys: ["big-v1"] });
    const restoreMs = performance.now() - restoreStarted;

    expect(saved.status).toBe("saved");
    const [a, b] = await Promise.all([
      sh(source, "sha256sum /data/blob.bin"),
      sh(target, "sha256sum /data/blob.bin"),
    ]);
    expect(b).toBe(a);
    console.log(
      `50 MB cache: save ${saveMs.toFixed(0)} ms, restore ${restoreMs.toFixed(0)} ms; most bytes in flight: save ${(saveMeter.maxInFlight / 1e6).toFixed(2)} MB, restore ${(restoreMeter.maxInFlight / 1e6).toFixed(2)} MB\n  ${save.lines.at(-2)}\n  ${restore.lines.at(-1)}`,
    );
    expect(saveMeter.maxInFlight).toBeLessThan(8_000_000);
    expect(restoreMeter.maxInFlight).toBeLessThan(8_000_000);
  });
});
