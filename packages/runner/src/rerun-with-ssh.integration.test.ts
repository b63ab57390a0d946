// Rerun with SSH on real parts: PostgreSQL, the Docker engine, the worker loop, the SSH
// gateway and the OpenSSH client (`ssh`, `scp`) with keys registered the way users do.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  addSshKey,
  createGitProject,
  rerunVisibleWorkflow,
  type Services,
  triggerPipeline,
  type Viewer,
} from "@cairn/api";
import { ensureLocalAdministrator } from "@cairn/auth";
import type { Db, Job } from "@cairn/db";
import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from "@cairn/db/testing";
import { createDockerClient, LABEL_JOB } from "@cairn/executor";
import { readLog } from "@cairn/logs";
import { LocalSecretCipher } from "@cairn/secrets";
import { loadOrCreateHostKey, openBrowserTerminal, SshGateway } from "@cairn/ssh-gateway";
import { FileBlobStore } from "@cairn/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerLoop } from "./worker-loop.ts";

const CONFIG = `version: 2.1
jobs:
  build:
    docker: [{ image: cairn/base:bookworm }]
    environment:
      FROM_CONFIG: visible-in-shell
    steps:
      - run: echo built-by-the-job > /tmp/built.txt
workflows:
  main:
    jobs: [build]
`;

/** Long enough for every check below, short enough for a test: the window's hard end. */
const MAX_WINDOW_SECONDS = 40;
const workerId = `ssh-test-${randomBytes(3).toString("hex")}`;
const scratch = mkdtempSync(join(tmpdir(), "cairn-ssh-"));
const docker = createDockerClient();
let database: TestDatabase;
let db: Db;
let loop: WorkerLoop;
let gateway: SshGateway;
let store: FileBlobStore;
let port: number;
let hostFingerprint: string;
const users: Record<"owner" | "asker" | "other", Viewer> = {} as never;
const keys: Record<"owner" | "asker" | "other" | "stranger", string> = {} as never;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (the gateway lives in this process). */
function run(command: string, args: string[], timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const sshOptions = (key: string) => [
  "-i",
  key,
  "-o",
  "IdentitiesOnly=yes",
  "-o",
  "BatchMode=yes",
  "-o",
  "StrictHostKeyChecking=no",
  "-o",
  "UserKnownHostsFile=/dev/null",
  "-o",
  "LogLevel=ERROR",
];

const ssh = (key: string, user: string, command: string) =>
  run("ssh", [...sshOptions(key), "-p", String(port), `${user}@127.0.0.1`, command]);

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined>,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const finished = (job: Job | null) =>
  job && !["blocked", "queued", "running", "on_hold"].includes(job.status) ? job : null;

async function makeUser(login: string): Promise<Viewer> {
  const user = await db.user.create({ data: { login, name: login } });
  return { id: user.id, isAdmin: false, login, name: login };
}

async function registerKey(owner: Viewer | null, name: string): Promise<string> {
  const path = join(scratch, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path]);
  if (owner) await addSshKey(db, owner, { title: name, key: readFileSync(`${path}.pub`, "utf8") });
  return path;
}

beforeAll(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl(process.env.CAIRN_TEST_DATABASE_URL));
  db = database.db;
  const repo = join(scratch, "repo");
  mkdirSync(repo);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.test", ...args], {
      cwd: repo,
    });
  git("init", "-q", "-b", "main");
  mkdirSync(join(repo, ".circleci"));
  writeFileSync(join(repo, ".circleci/config.yml"), CONFIG);
  git("add", "-A");
  git("commit", "-qm", "first");

  const cipher = new LocalSecretCipher(randomBytes(32));
  const services: Services = {
    db,
    cipher,
    dataDir: join(scratch, "data"),
    baseUrl: "http://localhost:3000",
    orbCacheDir: join(scratch, "orbs"),
  };
  users.owner = await makeUser("owner");
  users.asker = await makeUser("asker");
  users.other = await makeUser("other");
  // A local repository needs an installation administrator; the project's organization
  // then gets an admin and two members of its own.
  const installationAdmin = await ensureLocalAdministrator(db);
  const project = await createGitProject(services, installationAdmin, {
    provider: "git",
    url: repo,
    name: "ssh-demo",
  });
  const { organizationId } = await db.project.findUniqueOrThrow({ where: { id: project.id } });
  await db.membership.createMany({
    data: [
      { userId: users.owner.id, organizationId, role: "admin" },
      { userId: users.asker.id, organizationId, role: "member" },
      { userId: users.other.id, organizationId, role: "member" },
    ],
  });
  keys.owner = await registerKey(users.owner, "owner-key");
  keys.asker = await registerKey(users.asker, "asker-key");
  keys.other = await registerKey(users.other, "other-key");
  keys.stranger = await registerKey(null, "unregistered-key");

  const hostKey = await loadOrCreateHostKey(join(scratch, "data", "ssh"));
  hostFingerprint = hostKey.fingerprint;
  gateway = new SshGateway({
    db,
    hostKey,
    publicHost: "127.0.0.1",
    windowSeconds: 30,
    maxWindowSeconds: MAX_WINDOW_SECONDS,
  });
  port = await gateway.listen(0, "127.0.0.1");

  store = new FileBlobStore(join(scratch, "blobs"));
  await db.worker.create({ data: { id: workerId, hostname: "test" } });
  loop = new WorkerLoop(
    {
      db,
      docker,
      store,
      cipher,
      workerId,
      dataDir: services.dataDir,
      baseUrl: services.baseUrl,
      logDatabaseUrl: database.url,
      ssh: gateway,
    },
    { databaseUrl: database.url, capacity: 2, leaseSeconds: 15, maxAttempts: 2 },
  );
  await loop.start();

  const fullProject = await db.project.findUniqueOrThrow({ where: { id: project.id } });
  const created = await triggerPipeline(services, {
    project: fullProject,
    branch: "main",
    trigger: { type: "api" },
  });
  const first = await waitFor("the first run", async () =>
    finished(await db.job.findFirst({ where: { workflow: { pipelineId: created.pipelineId } } })),
  );
  expect(first.status).toBe("success");
  expect(first.sshRequestedById).toBeNull();
  firstJob = first;
}, 300_000);

let firstJob: Job;

afterAll(async () => {
  await gateway?.close();
  await loop?.stop();
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("rerun with SSH", () => {
  let job: Job;
  let holder: ChildProcess;
  let holderStderr = "";
  let holderExit: Promise<number | null>;

  beforeAll(async () => {
    const rerun = await rerunVisibleWorkflow(db, users.asker, firstJob.workflowId, {
      jobs: [firstJob.id],
      enable_ssh: true,
    });
    job = await waitFor("the SSH window", async () => {
      const row = await db.job.findFirst({ where: { workflowId: rerun.workflow_id } });
      return row?.ssh ? row : null;
    });
    // One long session keeps the window open while the checks below come and go.
    holder = spawn(
      "ssh",
      [...sshOptions(keys.asker), "-p", String(port), `${job.id}@127.0.0.1`, "sleep 300"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    holder.stderr?.on("data", (chunk: Buffer) => {
      holderStderr += chunk.toString();
    });
    holderExit = new Promise((resolve) => holder.on("exit", (code) => resolve(code)));
    await waitFor("the holding session", async () =>
      (await docker.getContainer(await primaryContainerId()).inspect()).ExecIDs?.length
        ? true
        : null,
    );
  }, 300_000);

  async function primaryContainerId(): Promise<string> {
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_JOB}=${job.id}`] },
    });
    return containers[0]?.Id ?? "";
  }

  it("records who asked and publishes the ssh command and host key while the window is open", () => {
    expect(job.sshRequestedById).toBe(users.asker.id);
    expect(job.ssh).toMatchObject({
      host: "127.0.0.1",
      port,
      user: job.id,
      command: `ssh -p ${port} ${job.id}@127.0.0.1`,
      hostKeyFingerprint: hostFingerprint,
    });
  });

  it("runs a command in the job's container for the user who asked, with its exit code", async () => {
    const result = await ssh(keys.asker, job.id, 'cat /tmp/built.txt; echo "$FROM_CONFIG"; exit 7');
    expect(result.stdout).toBe("built-by-the-job\nvisible-in-shell\n");
    expect(result.code).toBe(7);
  });

  it("lets a project admin in too", async () => {
    const result = await ssh(keys.owner, job.id, "hostname >/dev/null && echo admin-in");
    expect(result).toMatchObject({ code: 0, stdout: "admin-in\n" });
  });

  it("refuses another member's registered key and an unregistered key", async () => {
    for (const key of [keys.other, keys.stranger]) {
      const result = await ssh(key, job.id, "echo should-not-run");
      expect(result.code).toBe(255);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("Permission denied");
    }
  });

  it("refuses a job that has no open window", async () => {
    const result = await ssh(keys.asker, firstJob.id, "true");
    expect(result.code).toBe(255);
    expect(result.stderr).toContain("Permission denied");
  });

  it("copies a file into the container and back with scp", async () => {
    const local = join(scratch, "upload.txt");
    writeFileSync(local, `uploaded ${randomBytes(8).toString("hex")}\n`);
    const target = `${job.id}@127.0.0.1`;
    const scp = (...args: string[]) =>
      run("scp", ["-O", ...sshOptions(keys.asker), "-P", String(port), ...args]);
    const up = await scp(local, `${target}:/tmp/upload.txt`);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const inside = await ssh(keys.asker, job.id, "cat /tmp/upload.txt");
    expect(inside.stdout).toBe(readFileSync(local, "utf8"));
    const back = join(scratch, "download.txt");
    const down = await scp(`${target}:/tmp/built.txt`, back);
    expect(down.code).toBe(0);
    expect(readFileSync(back, "utf8")).toBe("built-by-the-job\n");
  });

  it("serves sftp when the image has sftp-server, and says why not otherwise", async () => {
    const hasSftpServer = await ssh(keys.asker, job.id, "test -x /usr/lib/openssh/sftp-server");
    const batch = join(scratch, "sftp-batch");
    const copy = join(scratch, "sftp-copy.txt");
    writeFileSync(batch, `get /tmp/built.txt ${copy}\n`);
    const result = await run("sftp", [
      ...sshOptions(keys.asker),
      "-P",
      String(port),
      "-b",
      batch,
      `${job.id}@127.0.0.1`,
    ]);
    if (hasSftpServer.code === 0) {
      expect(result.code).toBe(0);
      expect(readFileSync(copy, "utf8")).toBe("built-by-the-job\n");
      // OpenSSH's scp speaks SFTP by default (`-O` above is the old protocol).
      const plain = await run("scp", [
        ...sshOptions(keys.asker),
        "-P",
        String(port),
        join(scratch, "upload.txt"),
        `${job.id}@127.0.0.1:/tmp/plain-scp.txt`,
      ]);
      expect(plain.code).toBe(0);
      const inside = await ssh(keys.asker, job.id, "cat /tmp/plain-scp.txt");
      expect(inside.stdout).toBe(readFileSync(join(scratch, "upload.txt"), "utf8"));
    } else {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("this image has no sftp-server");
    }
  });

  it("gives a login shell with a terminal that follows the window size", async () => {
    const result = await run("ssh", [
      ...sshOptions(keys.asker),
      "-tt",
      "-p",
      String(port),
      `${job.id}@127.0.0.1`,
      "stty size; test -t 0 && echo has-a-tty",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/has-a-tty/);
  });

  it("opens the browser terminal's shell with a ticket, and resizes its terminal", async () => {
    const access = job.ssh as { host: string; port: number; hostKeyFingerprint: string };
    let output = "";
    let exitCode: number | null | undefined;
    const terminal = await openBrowserTerminal({
      db,
      jobId: job.id,
      access,
      userId: users.asker.id,
      remoteAddress: "203.0.113.7",
      cols: 100,
      rows: 30,
      onData: (data) => {
        output += data.toString();
      },
      onExit: (code) => {
        exitCode = code;
      },
    });
    const seen = (text: string) => async () => (output.includes(text) ? true : null);
    const orSay = (error: Error) => {
      throw new Error(`${error.message}; the terminal showed ${JSON.stringify(output)}`);
    };
    terminal.write("stty size\r");
    await waitFor("the first size", seen("30 100"), 15_000).catch(orSay);
    terminal.resize(120, 40);
    await new Promise((resolve) => setTimeout(resolve, 300));
    terminal.write("stty size; exit 3\r");
    await waitFor("the new size", seen("40 120"), 15_000).catch(orSay);
    await waitFor("the shell's end", async () => (exitCode !== undefined ? true : null), 15_000);
    expect(exitCode).toBe(3);
    const audit = await waitFor("the browser session's audit", () =>
      db.auditEvent.findFirst({
        where: { action: "job.ssh_session", targetId: job.id, clientIp: "203.0.113.7" },
      }),
    );
    expect(audit.metadata).toMatchObject({ via: "browser", channels: ["shell"] });
  });

  it("refuses a browser terminal to a user who may not open a shell", async () => {
    const access = job.ssh as { host: string; port: number; hostKeyFingerprint: string };
    await expect(
      openBrowserTerminal({
        db,
        jobId: job.id,
        access,
        userId: users.other.id,
        remoteAddress: null,
        cols: 80,
        rows: 24,
        onData: () => undefined,
        onExit: () => undefined,
      }),
    ).rejects.toThrow(/authentication/i);
  });

  it("serves several sessions at once", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => ssh(keys.asker, job.id, `sleep 1; echo session-${n}`)),
    );
    expect(results.map((result) => result.stdout.trim())).toEqual([
      "session-1",
      "session-2",
      "session-3",
    ]);
  });

  it("audits every session: who, from where, for how long", async () => {
    const events = await waitFor("audit events", async () => {
      const rows = await db.auditEvent.findMany({
        where: { action: "job.ssh_session", targetId: job.id },
      });
      return rows.length >= 3 ? rows : null;
    });
    const asker = events.find((event) => event.actorId === users.asker.id)!;
    expect(asker).toMatchObject({ actorType: "user", targetType: "job", clientIp: "127.0.0.1" });
    expect(asker.metadata).toMatchObject({ via: "ssh", durationSeconds: expect.any(Number) });
    expect(events.some((event) => event.actorId === users.other.id)).toBe(false);
  });

  it(
    "at the window's end tells the sessions, closes them and removes the containers",
    async () => {
      const code = await holderExit;
      expect(code).not.toBe(0);
      expect(holderStderr).toContain("The SSH window for this job has ended.");
      const done = await waitFor("the job to finish", async () =>
        finished(await db.job.findUnique({ where: { id: job.id } })),
      );
      expect(done.status).toBe("success");
      expect(done.ssh).toBeNull();
      expect(await primaryContainerId()).toBe("");
      const steps = await db.step.findMany({ where: { jobId: job.id }, orderBy: { index: "asc" } });
      expect(steps.at(-1)).toMatchObject({ name: "Wait for SSH sessions", status: "success" });
      const log = Buffer.concat(
        (await readLog(db, store, job.id)).map((chunk) => chunk.data),
      ).toString();
      expect(log).toContain(`ssh -p ${port} ${job.id}@127.0.0.1`);
      expect(log).toContain("Secrets");
      expect(log).toContain("The SSH window ended: it reached its time limit.");
    },
    (MAX_WINDOW_SECONDS + 30) * 1000,
  );
});
