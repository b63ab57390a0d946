import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commit, git } from "../../testing/git-repo.ts";
import { verifyWebhookSignature } from "../../webhook-signature.ts";
import { parseGitPush } from "./git-push.ts";
import { postReceiveHookPath } from "./hook-script.ts";

const secret = "a-webhook-secret-for-tests";
const root = mkdtempSync(join(tmpdir(), "cairn-vcs-hook-"));
const a = "a".repeat(40);
const b = "b".repeat(40);
const zero = "0".repeat(40);

interface Received {
  body: string;
  valid: boolean;
}
let received: Received[] = [];
let server: Server;
let hookUrl: string;

beforeAll(async () => {
  // Stands in for Cairn's webhook route: checks the signature with the real verifier.
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const check = verifyWebhookSignature(
        secret,
        body,
        request.headers["x-cairn-signature-256"] as string,
      );
      received.push({ body, valid: check.valid });
      response.writeHead(check.valid ? 201 : 401, { "content-type": "application/json" });
      response.end(check.valid ? '{"number":7}' : JSON.stringify({ message: check.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/hooks/git/acme-app`;
});

beforeEach(() => {
  received = [];
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

function runHook(stdin: string, env: Record<string, string>, cwd = root) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const inherited = { ...process.env };
    delete inherited.CAIRN_HOOK_URL;
    delete inherited.CAIRN_HOOK_SECRET;
    const child = spawn("sh", [postReceiveHookPath()], { cwd, env: { ...inherited, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("hooks/post-receive", () => {
  it("posts one signed request per branch or tag line and skips other refs", async () => {
    const stdin = [
      `${a} ${b} refs/heads/main`,
      `${b} ${zero} refs/tags/v1.0`,
      `${a} ${b} refs/notes/commits`,
      `${zero} ${a} refs/heads/we"ird`,
      "",
    ].join("\n");
    const result = await runHook(stdin, { CAIRN_HOOK_URL: hookUrl, CAIRN_HOOK_SECRET: secret });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(received.map((request) => request.valid)).toEqual([true, true, true]);
    const pushes = received.map((request) => parseGitPush(request.body));
    expect(pushes[0]).toMatchObject({ branch: "main", before: a, after: b, deleted: false });
    expect(pushes[1]).toMatchObject({ tag: "v1.0", deleted: true });
    expect(pushes[2]).toMatchObject({ branch: 'we"ird', created: true });
    // Each push carries its own delivery id, so the receiver can tell replays from new pushes.
    expect(new Set(pushes.map((push) => push.delivery)).size).toBe(3);
    expect(result.stdout).toContain('cairn: refs/heads/main: pipeline requested ({"number":7})');
  });

  it("runs on a real git push, configured with git config", async () => {
    const bare = join(root, "server.git");
    const work = join(root, "work");
    git(root, "init", "--quiet", "--bare", bare);
    copyFileSync(postReceiveHookPath(), join(bare, "hooks", "post-receive"));
    chmodSync(join(bare, "hooks", "post-receive"), 0o755);
    git(bare, "config", "cairn.url", hookUrl);
    git(bare, "config", "cairn.secret", secret);
    git(root, "init", "--quiet", work);
    const sha = commit(work, { "README.md": "hi\n" }, "first");

    const output = await new Promise<string>((resolve, reject) => {
      const push = spawn("git", ["push", bare, "main"], { cwd: work });
      let text = "";
      push.stderr.on("data", (chunk: Buffer) => {
        text += chunk;
      });
      push.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(text))));
    });
    expect(output).toContain("remote: cairn: refs/heads/main: pipeline requested");
    expect(received).toHaveLength(1);
    expect(received[0]?.valid).toBe(true);
    expect(parseGitPush(received[0]?.body)).toMatchObject({
      branch: "main",
      after: sha,
      created: true,
    });
  });

  it("reports a rejected request and exits non-zero", async () => {
    const result = await runHook(`${a} ${b} refs/heads/main\n`, {
      CAIRN_HOOK_URL: hookUrl,
      CAIRN_HOOK_SECRET: "not-the-secret",
    });
    expect(result.code).toBe(1);
    expect(received.map((request) => request.valid)).toEqual([false]);
    expect(result.stderr).toMatch(/webhook failed \(HTTP 401\): .*Signature does not match/);
    expect(result.stderr + result.stdout).not.toContain("not-the-secret");
  });

  it("reports an unreachable server without hanging", async () => {
    const result = await runHook(`${a} ${b} refs/heads/main\n`, {
      CAIRN_HOOK_URL: "http://127.0.0.1:1/api/hooks/git/x",
      CAIRN_HOOK_SECRET: secret,
      CAIRN_HOOK_TIMEOUT: "3",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/webhook failed \(HTTP 000\)/);
  });

  it("says what to configure when it has no URL or secret", async () => {
    const result = await runHook(`${a} ${b} refs/heads/main\n`, {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/git config cairn.url/);
    expect(received).toEqual([]);
  });
});
