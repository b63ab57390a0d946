/**
 * Live-log latency: a LogWriter producing 1,000 lines/s for 10 s while a LogFollower
 * (LISTEN/NOTIFY + reads) receives them; measures each line's write → receive time.
 * Run: CAIRN_TEST_DATABASE_URL=postgresql://cairn:cairn@127.0.0.1:5432/postgres npx tsx bench/log-latency.ts
 * Goals: p50 under 100 ms, p99 under 250 ms.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@cairn/db/testing";
import { createLogWriter, LogFollower } from "@cairn/logs";
import { createBlobStore } from "@cairn/storage";

const LINES_PER_SECOND = 1000;
const SECONDS = 10;
const TOTAL = LINES_PER_SECOND * SECONDS;

const adminUrl = process.env.CAIRN_TEST_DATABASE_URL;
if (!adminUrl) {
  console.error("Set CAIRN_TEST_DATABASE_URL to a PostgreSQL role that may create databases.");
  process.exit(1);
}
const database = await createTestDatabase(adminUrl);
const root = await mkdtemp(join(tmpdir(), "cairn-log-bench-"));
try {
  const { db } = database;
  const [job] = await db.$queryRaw<{ id: string }[]>`
    WITH organization AS (
      INSERT INTO organizations (name, slug, updated_at) VALUES ('Bench', 'bench', now()) RETURNING id
    ), project AS (
      INSERT INTO projects (organization_id, provider, repo_url, owner, name, slug, updated_at)
      SELECT id, 'git', 'https://example.test/b.git', 'b', 'b', 'git/b/b', now() FROM organization
      RETURNING id
    ), pipeline AS (
      INSERT INTO pipelines (project_id, number, trigger_type, actor_login, revision,
        target_repository_url, origin_repository_url, updated_at)
      SELECT id, 1, 'api', 'bench', 'abc', 'https://example.test/b.git', 'https://example.test/b.git', now()
      FROM project RETURNING id, project_id
    ), workflow AS (
      INSERT INTO workflows (pipeline_id, name) SELECT id, 'bench' FROM pipeline RETURNING id, pipeline_id
    )
    INSERT INTO jobs (workflow_id, project_id, name, status)
    SELECT workflow.id, pipeline.project_id, 'bench', 'running' FROM workflow, pipeline
    RETURNING id`;
  const jobId = job!.id;

  const store = createBlobStore({ kind: "filesystem", root });
  const writtenAt = new Float64Array(TOTAL);
  const latencies: number[] = [];
  let chunks = 0;
  let partial = "";
  const follower = new LogFollower({ connectionString: database.url, db, store });
  const stop = await follower.follow(jobId, 0, (received) => {
    const now = performance.now();
    chunks += received.length;
    const text = partial + Buffer.concat(received.map((chunk) => chunk.data)).toString();
    const lines = text.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const number = Number(line.slice(5, line.indexOf(" ", 5)));
      latencies.push(now - writtenAt[number]!);
    }
  });

  const writer = createLogWriter(db, jobId, {
    secrets: ["bench-secret-value"],
    databaseUrl: database.url,
  });
  const started = performance.now();
  let written = 0;
  while (written < TOTAL) {
    const due = Math.min(
      TOTAL,
      Math.floor(((performance.now() - started) * LINES_PER_SECOND) / 1000),
    );
    for (; written < due; written++) {
      writtenAt[written] = performance.now();
      writer.write(0, Buffer.from(`line ${written} ${"x".repeat(60)} bench-secret-value\n`));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await writer.close();
  const deadline = Date.now() + 10_000;
  while (latencies.length < TOTAL && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  stop();
  await follower.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  const percentile = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  console.log(`lines written ${TOTAL}, received ${latencies.length}, in ${chunks} chunks`);
  console.log(
    `latency write → receive: p50 ${percentile(50).toFixed(1)} ms (goal 100), ` +
      `p99 ${percentile(99).toFixed(1)} ms (goal 250), max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  if (latencies.length < TOTAL) process.exitCode = 1;
} finally {
  await database.drop();
  await rm(root, { recursive: true, force: true });
}
