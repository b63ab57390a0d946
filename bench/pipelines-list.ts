/**
 * The pipelines list of a busy project: 10,000 pipelines (each with a workflow of two
 * finished jobs, so durations are computed for real), the project page's tRPC procedure
 * `pipelines.listByProject` and the REST service behind `GET /api/v2/project/{slug}/pipeline`
 * each called 200 times (first page, and pages deep in the list by cursor), plus the
 * dashboard's `pipelines.recent` with and without filters.
 * Run: CAIRN_TEST_DATABASE_URL=postgresql://cairn:cairn@127.0.0.1:5432/postgres npx tsx bench/pipelines-list.ts
 * Goal: p95 under 50 ms.
 */
import { randomBytes } from "node:crypto";
import { encodePageToken, listProjectPipelines, type Services } from "@cairn/api";
import { createCaller, createTRPCContext } from "@cairn/api/trpc";
import { createTestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";

const PIPELINES = 10_000;
const CALLS = 200;
const GOAL_P95_MS = 50;

const adminUrl = process.env.CAIRN_TEST_DATABASE_URL;
if (!adminUrl) {
  console.error("Set CAIRN_TEST_DATABASE_URL to a PostgreSQL role that may create databases.");
  process.exit(1);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function measure(name: string, call: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await call(i); // warm the connection pool and plans
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await call(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  console.log(
    `${name.padEnd(52)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p95 ${p95
      .toFixed(1)
      .padStart(6)} ms   max ${(times.at(-1) ?? 0).toFixed(1).padStart(6)} ms  ${
      p95 < GOAL_P95_MS ? "ok" : `OVER the ${GOAL_P95_MS} ms goal`
    }`,
  );
}

const database = await createTestDatabase(adminUrl);
try {
  const { db } = database;
  const user = await db.user.create({
    data: { email: "bench@example.test", login: "bench", name: "Bench" },
  });
  const organization = await db.organization.create({
    data: {
      name: "Bench",
      slug: "bench",
      memberships: { create: { userId: user.id, role: "owner" } },
    },
  });
  // Another organization's busy project, so the filters have rows to skip.
  const other = await db.organization.create({ data: { name: "Other", slug: "other" } });
  const seeded = performance.now();
  for (const [org, slug] of [
    [organization.id, "git/bench/app"],
    [other.id, "git/other/app"],
  ] as const) {
    await db.$executeRaw`
      WITH project AS (
        INSERT INTO projects (organization_id, provider, repo_url, owner, name, slug, updated_at,
          last_pipeline_number, last_job_number)
        VALUES (${org}, 'git', 'https://git.example.test/app.git', split_part(${slug}, '/', 2),
          'app', ${slug}, now(), ${PIPELINES}, ${PIPELINES * 2})
        RETURNING id
      ), pipeline AS (
        INSERT INTO pipelines (project_id, number, state, status, trigger_type, actor_login, branch,
          revision, commit_subject, target_repository_url, origin_repository_url, created_at, updated_at)
        SELECT project.id, n, 'created',
          (CASE WHEN n % 10 = 0 THEN 'failed' ELSE 'success' END)::pipeline_status, 'webhook',
          'bench', CASE WHEN n % 4 = 0 THEN 'feature' ELSE 'main' END, md5(n::text) || '00000000',
          'commit ' || n, 'https://git.example.test/app.git', 'https://git.example.test/app.git',
          now() - make_interval(mins => ${PIPELINES} - n), now()
        FROM project, generate_series(1, ${PIPELINES}) AS n
        RETURNING id, project_id, number, created_at
      ), workflow AS (
        INSERT INTO workflows (pipeline_id, name, status, created_at, stopped_at)
        SELECT id, 'main', 'success', created_at, created_at + interval '2 minutes' FROM pipeline
        RETURNING id, pipeline_id, created_at
      )
      INSERT INTO jobs (workflow_id, project_id, name, number, status, created_at, started_at, finished_at)
      SELECT workflow.id, pipeline.project_id, job.name, pipeline.number * 2 - job.offset_, 'success',
        workflow.created_at, workflow.created_at + make_interval(secs => 10 * job.offset_),
        workflow.created_at + make_interval(secs => 60 + 10 * job.offset_)
      FROM workflow JOIN pipeline ON pipeline.id = workflow.pipeline_id,
        (VALUES ('lint', 1), ('build', 0)) AS job(name, offset_)`;
  }
  await db.$executeRawUnsafe("ANALYZE");
  console.log(
    `seeded ${PIPELINES} pipelines (and as many in another organization) in ${(
      (performance.now() - seeded) / 1000
    ).toFixed(1)} s\n`,
  );

  const services: Services = {
    db,
    cipher: LocalSecretCipher.fromBase64(randomBytes(32).toString("base64")),
    dataDir: "/nonexistent",
    baseUrl: "http://cairn.test",
    orbCacheDir: "/nonexistent/orbs",
  };
  const caller = createCaller(createTRPCContext({ viewer: user, services }));
  const slug = "git/bench/app";
  // Cursors spread over the whole list, so deep pages count as much as the first.
  const cursorAt = (i: number) => encodePageToken(PIPELINES - ((i * 397) % (PIPELINES - 20)));

  const first = await caller.pipelines.listByProject({ slug });
  if (first.items.length !== 20 || first.items[0]?.number !== PIPELINES) {
    throw new Error(`unexpected first page: ${JSON.stringify(first.items[0])}`);
  }
  await measure("tRPC pipelines.listByProject, first page", () =>
    caller.pipelines.listByProject({ slug }),
  );
  await measure("tRPC pipelines.listByProject, pages by cursor", (i) =>
    caller.pipelines.listByProject({ slug, cursor: cursorAt(i) }),
  );
  await measure("REST listProjectPipelines, pages by cursor", (i) =>
    listProjectPipelines(db, user, slug, i % 2 === 0 ? {} : { pageToken: cursorAt(i) }),
  );
  await measure("REST listProjectPipelines, branch=feature", (i) =>
    listProjectPipelines(db, user, slug, {
      branch: "feature",
      ...(i % 2 === 0 ? {} : { pageToken: cursorAt(i) }),
    }),
  );
  await measure("tRPC pipelines.recent (dashboard), 25", () =>
    caller.pipelines.recent({ limit: 25 }),
  );
  await measure("tRPC pipelines.recent, status=failed branch=main", () =>
    caller.pipelines.recent({ limit: 25, status: "failed", branch: "main" }),
  );
  await measure("tRPC pipelines.recent, project filter", () =>
    caller.pipelines.recent({ limit: 25, projectSlug: slug }),
  );
} finally {
  await database.drop();
}
