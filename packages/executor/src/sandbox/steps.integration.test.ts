import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../docker-client.ts";
import {
  BASE_IMAGE,
  createTestSandbox,
  image,
  NODE_IMAGE,
  removeTestObjects,
  runCollect,
  runStep,
} from "../testing/sandbox-fixtures.ts";
import type { DockerJobSandbox } from "./docker-job-sandbox.ts";
import { LABEL_JOB } from "./labels.ts";

const docker = createDockerClient(process.env.DOCKER_HOST);

// One job with a service (a tiny Node.js HTTP server named "api") for most of the steps.
let sandbox: DockerJobSandbox;

beforeAll(async () => {
  sandbox = await createTestSandbox(docker, {
    images: [
      image(BASE_IMAGE, { environment: { LEVEL: "image", IMAGE_ONLY: "i" } }),
      image(NODE_IMAGE, {
        name: "api",
        command: [
          "node",
          "-e",
          "require('http').createServer((q, s) => s.end('pong ' + process.env.SERVICE_VAR)).listen(8080)",
        ],
        environment: { SERVICE_VAR: "svc" },
      }),
    ],
    environment: {
      project: { LEVEL: "project", PROJECT_ONLY: "p", SECRET: "s3cret" },
      contexts: [{ LEVEL: "context", CONTEXT_ONLY: "c" }],
      builtIns: { LEVEL: "builtin", CIRCLECI: "true" },
      job: { LEVEL: "job", JOB_ONLY: "j" },
    },
    workingDirectory: "~/project",
  });
});

afterAll(async () => {
  await sandbox?.destroy();
  await removeTestObjects(docker);
});

describe("run steps in a DockerJobSandbox", () => {
  it("streams stdout and stderr as Buffers (binary-safe) and reports the exit code", async () => {
    const result = await runCollect(
      sandbox,
      runStep("echo out; echo err >&2; printf '\\000\\377\\n'"),
    );
    expect(result.exitCode).toBe(0);
    expect(
      result.chunks.some(([stream, c]) => stream === "stderr" && c.toString() === "err\n"),
    ).toBe(true);
    const stdout = Buffer.concat(result.chunks.filter(([s]) => s === "stdout").map(([, c]) => c));
    expect(stdout).toEqual(Buffer.concat([Buffer.from("out\n"), Buffer.from([0, 0xff, 0x0a])]));
  });

  it("fails with the shell's exit code; -eo pipefail stops at the first failing command", async () => {
    const result = await runCollect(sandbox, runStep("false | true\necho not reached; exit 0"));
    expect(result.exitCode).toBe(1);
    expect(result.output).not.toContain("not reached");
    const exit = await runCollect(sandbox, runStep("exit 42"));
    expect(exit.exitCode).toBe(42);
  });

  it("applies CircleCI's environment precedence", async () => {
    const show =
      'echo "$LEVEL $PROJECT_ONLY $CONTEXT_ONLY $IMAGE_ONLY $JOB_ONLY $STEP_ONLY"; LEVEL=inline; echo "$LEVEL"';
    const plain = await runCollect(sandbox, runStep(show));
    expect(plain.output).toBe("job p c i j \ninline\n");
    const withStep = await runCollect(
      sandbox,
      runStep(show, { environment: { LEVEL: "step", STEP_ONLY: "x" } }),
    );
    expect(withStep.output).toBe("step p c i j x\ninline\n");
  });

  it("runs in the job's working directory (created) or the step's", async () => {
    const job = await runCollect(sandbox, runStep('pwd; echo "$CIRCLE_WORKING_DIRECTORY"'));
    expect(job.output).toBe("/root/project\n~/project\n");
    const relative = await runCollect(sandbox, runStep("pwd", { workingDirectory: "sub/dir" }));
    expect(relative.output).toBe("/root/project/sub/dir\n");
    const absolute = await runCollect(sandbox, runStep("pwd", { workingDirectory: "/opt/x" }));
    expect(absolute.output).toBe("/opt/x\n");
  });

  it("carries $BASH_ENV between steps (a new shell each time)", async () => {
    await runCollect(sandbox, runStep('echo "export CARRIED=yes" >> "$BASH_ENV"; NOT_CARRIED=1'));
    const next = await runCollect(sandbox, runStep('echo "[$CARRIED] [$NOT_CARRIED]"'));
    expect(next.output).toBe("[yes] []\n");
  });

  it("honours a custom shell (the command comes as a file)", async () => {
    const result = await runCollect(sandbox, runStep("console.log(6 * 7)", { shell: "node" }));
    // cairn/base has no node: the shell's own error and exit code come through.
    expect(result.exitCode).toBe(127);
    const sh = await runCollect(sandbox, runStep("echo $0 is sh", { shell: "/bin/sh -e" }));
    expect(sh.output).toMatch(/cairn-step\.\w+ is sh\n/);
  });

  it("reaches the service on localhost and by its name", async () => {
    const result = await runCollect(
      sandbox,
      runStep(
        "for i in $(seq 50); do curl -sf http://localhost:8080 && break; sleep 0.1; done; echo; curl -sf http://api:8080",
      ),
    );
    expect(result.output).toBe("pong svc\npong svc");
    expect(result.exitCode).toBe(0);
  });

  it("does not give project/context variables to services", async () => {
    const [service] = await docker.listContainers({
      filters: { label: [`${LABEL_JOB}=${sandbox.jobId}`, "cairn.role=service"] },
    });
    const env = (await docker.getContainer(service!.Id).inspect()).Config.Env;
    expect(env).toContain("SERVICE_VAR=svc");
    expect(env.join("\n")).not.toContain("s3cret");
  });

  it("runs a background step without waiting, its output still delivered", async () => {
    const chunks: Buffer[] = [];
    const started = performance.now();
    const result = await sandbox.runStep(
      runStep("sleep 1; echo from-background", { background: true }),
      {
        onOutput: (chunk) => chunks.push(Buffer.from(chunk)),
      },
    );
    expect(result.background).toBe(true);
    expect(performance.now() - started).toBeLessThan(900);
    const after = await runCollect(sandbox, runStep("echo meanwhile"));
    expect(after.output).toBe("meanwhile\n");
    await expect
      .poll(() => Buffer.concat(chunks).toString(), { timeout: 5000 })
      .toBe("from-background\n");
  });

  it("kills a silent step after no_output_timeout, with CircleCI's message", async () => {
    const started = performance.now();
    const result = await runCollect(
      sandbox,
      runStep("echo start; sleep 1; echo still; sleep 30 & sleep 30; echo never", {
        noOutputTimeoutMs: 2000,
      }),
    );
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).not.toBe(0);
    expect(result.message).toBe("Too long with no output (exceeded 2s)");
    expect(result.output).toContain("still\n");
    expect(result.output).toContain("Too long with no output (exceeded 2s)");
    expect(result.output).not.toContain("never");
    expect(performance.now() - started).toBeLessThan(6000);
    // The whole process group is gone, the background `sleep 30` included.
    const ps = await runCollect(sandbox, runStep("ps -eo args | grep -c '^sleep 30' || true"));
    expect(ps.output).toBe("0\n");
  });

  it("ends the job successfully on `circleci-agent step halt`", async () => {
    const other = await createTestSandbox(docker);
    try {
      const before = await runCollect(other, runStep("echo plain"));
      expect(before.halted).toBe(false);
      const halt = await runCollect(other, runStep("circleci-agent step halt; echo after-halt"));
      expect(halt).toMatchObject({ exitCode: 0, halted: true, output: "after-halt\n" });
      const wrong = await runCollect(other, runStep("circleci-agent foo"));
      expect(wrong.exitCode).toBe(2);
      expect(wrong.output).toContain("supports only 'circleci-agent step halt'");
    } finally {
      await other.destroy();
    }
  });

  it("cancels a running step and stops the containers within seconds", async () => {
    const other = await createTestSandbox(docker);
    try {
      const running = runCollect(other, runStep("echo going; sleep 60"));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = performance.now();
      await other.cancel();
      const result = await running;
      expect(performance.now() - started).toBeLessThan(3000);
      expect(result).toMatchObject({ cancelled: true, exitCode: null });
      const state = (await other.primaryContainer.inspect()).State;
      expect(state.Running).toBe(false);
      expect((await other.runStep(runStep("echo no"), { onOutput: () => {} })).cancelled).toBe(
        true,
      );
    } finally {
      await other.destroy();
    }
  });

  it("copies files in and out of the primary container as tar streams", async () => {
    const { pack, extract } = await import("tar-stream");
    const tar = pack();
    tar.entry({ name: "hello.txt" }, "hello from a tar");
    tar.finalize();
    await sandbox.copyIn("/tmp", tar as unknown as Readable);
    const seen = await runCollect(sandbox, runStep("cat /tmp/hello.txt"));
    expect(seen.output).toBe("hello from a tar");
    const out = await sandbox.copyOut("/tmp/hello.txt");
    const names: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const ex = extract();
      ex.on("entry", (header, stream, next) => {
        names.push(header.name);
        stream.resume();
        stream.on("end", next);
      });
      ex.on("finish", resolve);
      ex.on("error", reject);
      out.pipe(ex);
    });
    expect(names).toEqual(["hello.txt"]);
  });

  it("leaves nothing behind after destroy", async () => {
    const other = await createTestSandbox(docker, {
      images: [image(BASE_IMAGE), image(BASE_IMAGE, { name: "idle", command: ["sleep", "600"] })],
    });
    const label = { label: [`${LABEL_JOB}=${other.jobId}`] };
    expect(await docker.listContainers({ all: true, filters: label })).toHaveLength(2);
    expect(await docker.listNetworks({ filters: label })).toHaveLength(1);
    await other.destroy();
    await other.destroy();
    expect(await docker.listContainers({ all: true, filters: label })).toHaveLength(0);
    expect(await docker.listNetworks({ filters: label })).toHaveLength(0);
  });
});
