import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { type BlobStore, createBlobStore } from "@cairn/storage";

export interface LogTestSetup {
  database: TestDatabase;
  store: BlobStore;
  /** Inserts a job (and the rows it needs) and returns its id. */
  createJob(): Promise<string>;
  cleanUp(): Promise<void>;
}

/** A fresh database and a filesystem blob store in a temporary folder. */
export async function createLogTestSetup(adminUrl: string | undefined): Promise<LogTestSetup> {
  const database = await createTestDatabase(requireTestDatabaseUrl(adminUrl));
  const root = await mkdtemp(join(tmpdir(), "cairn-logs-test-"));
  const store = createBlobStore({ kind: "filesystem", root });
  const workflowId = await createWorkflow(database.db);
  let jobs = 0;
  return {
    database,
    store,
    async createJob() {
      jobs++;
      const rows = await database.db.$queryRaw<{ id: string }[]>`
        INSERT INTO jobs (workflow_id, project_id, name, status)
        SELECT id, (SELECT project_id FROM pipelines WHERE id = pipeline_id), ${`job-${jobs}`}, 'running'
        FROM workflows WHERE id = ${workflowId}
        RETURNING id`;
      return rows[0]!.id;
    },
    async cleanUp() {
      await database.drop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function createWorkflow(db: Db): Promise<string> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH organization AS (
      INSERT INTO organizations (name, slug, updated_at) VALUES ('Logs', 'logs', now()) RETURNING id
    ), project AS (
      INSERT INTO projects (organization_id, provider, repo_url, owner, name, slug, updated_at)
      SELECT id, 'git', 'https://example.test/logs.git', 'logs', 'logs', 'git/logs/logs', now()
      FROM organization RETURNING id
    ), pipeline AS (
      INSERT INTO pipelines (project_id, number, trigger_type, actor_login, revision,
        target_repository_url, origin_repository_url, updated_at)
      SELECT id, 1, 'api', 'tester', 'abc123', 'https://example.test/logs.git',
        'https://example.test/logs.git', now()
      FROM project RETURNING id
    )
    INSERT INTO workflows (pipeline_id, name) SELECT id, 'build' FROM pipeline RETURNING id`;
  return rows[0]!.id;
}
