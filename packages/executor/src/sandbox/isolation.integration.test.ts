import { execFile } from "node:child_process";
import { createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../docker-client.ts";
import {
  FORWARD_CHAIN,
  INPUT_CHAIN,
  installFirewall,
  isFirewallInstalled,
  removeFirewall,
} from "../host/firewall.ts";
import {
  BASE_IMAGE,
  createTestSandbox,
  image,
  removeTestObjects,
  runCollect,
  runStep,
} from "../testing/sandbox-fixtures.ts";
import type { DockerJobSandbox } from "./docker-job-sandbox.ts";

const docker = createDockerClient(process.env.DOCKER_HOST);
const run = promisify(execFile);

let firewallWasInstalled = false;
let hostServer: Server;
let hostPort = 0;
let job: DockerJobSandbox;
let otherJob: DockerJobSandbox;

/** A shell test that exits 0 when a TCP connection to $1:$2 opens within 1 s. */
const canConnect = (host: string, port: number) =>
  `timeout 1 bash -c '</dev/tcp/${host}/${port}' 2>/dev/null && echo open || echo closed`;

async function bridgeGateway(sandbox: DockerJobSandbox): Promise<string> {
  const info = await sandbox.primaryContainer.inspect();
  const network = Object.values(info.NetworkSettings.Networks)[0];
  return network?.Gateway as string;
}

async function primaryAddress(sandbox: DockerJobSandbox): Promise<string> {
  const info = await sandbox.primaryContainer.inspect();
  return Object.values(info.NetworkSettings.Networks)[0]?.IPAddress as string;
}

beforeAll(async () => {
  firewallWasInstalled = await isFirewallInstalled();
  await installFirewall();
  // A service of the host on every address, like Cairn's own web app.
  hostServer = createServer((socket) => {
    // Probes close as soon as they connect: the reset of our reply is expected, not a failure.
    socket.on("error", () => {});
    socket.end("host\n");
  });
  await new Promise<void>((resolve) => hostServer.listen(0, "0.0.0.0", resolve));
  hostPort = (hostServer.address() as { port: number }).port;
  [job, otherJob] = await Promise.all([
    createTestSandbox(docker, {
      resources: { cpus: 1, memoryBytes: 64 * 1024 ** 2, pidsLimit: 128 },
    }),
    createTestSandbox(docker, {
      images: [
        image(BASE_IMAGE),
        image(BASE_IMAGE, { name: "web", command: ["nc", "-lk", "8080"] }),
      ],
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([job?.destroy(), otherJob?.destroy()]);
  await removeTestObjects(docker);
  hostServer?.close();
  if (!firewallWasInstalled) await removeFirewall();
});

describe("the job sandbox, proven from inside a real container", () => {
  it("installs the firewall idempotently (one jump each, the rules in their chains)", async () => {
    await installFirewall();
    const { stdout: input } = await run("iptables", ["-S", "INPUT"]);
    expect(input.match(new RegExp(`-j ${INPUT_CHAIN}$`, "gm"))).toHaveLength(1);
    const { stdout: forward } = await run("iptables", ["-S", FORWARD_CHAIN]);
    expect(forward).toContain("-d 169.254.169.254/32 -j DROP");
    expect(forward).toContain("-o cairn-+ -j DROP");
  });

  it("has no Docker socket, no extra capabilities, and no-new-privileges", async () => {
    const result = await runCollect(
      job,
      runStep(
        "ls /var/run/docker.sock /run/docker.sock 2>&1 || true; grep -E '^(CapBnd|CapEff|NoNewPrivs)' /proc/self/status",
      ),
    );
    expect(result.output).toContain("cannot access '/var/run/docker.sock'");
    expect(result.output).toContain("cannot access '/run/docker.sock'");
    // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID NET_BIND_SERVICE SYS_CHROOT AUDIT_WRITE
    expect(result.output).toContain("CapBnd:\t00000000200404fb");
    expect(result.output).toMatch(/NoNewPrivs:\s+1/);
  });

  it("cannot reach the host's services: a 0.0.0.0 listener and PostgreSQL", async () => {
    const gateway = await bridgeGateway(job);
    const result = await runCollect(
      job,
      runStep(
        [
          canConnect(gateway, hostPort),
          canConnect("172.17.0.1", hostPort),
          canConnect(gateway, 5432),
        ].join("; "),
      ),
    );
    expect(result.output).toBe("closed\nclosed\nclosed\n");
    // Control: the same listener answers a container outside job networks.
    const control = await docker.createContainer({
      Image: BASE_IMAGE,
      Cmd: ["bash", "-c", canConnect("172.17.0.1", hostPort)],
      Labels: { "cairn.test": "1" },
    });
    await control.start();
    await control.wait();
    const logs = (await control.logs({ stdout: true })).toString("latin1");
    await control.remove({ force: true });
    expect(logs).toContain("open");
  });

  it("has no IPv6 address, so no IPv6 path to the host (its firewall rules are IPv4 only)", async () => {
    // Job networks are created without IPv6, and Docker then turns IPv6 off in the
    // container: not even a link-local address towards the bridge is left.
    const result = await runCollect(
      job,
      runStep("cat /proc/sys/net/ipv6/conf/all/disable_ipv6; wc -l < /proc/net/if_inet6"),
    );
    expect(result.output).toBe("1\n0\n");
  });

  it("cannot reach another job's containers", async () => {
    const address = await primaryAddress(otherJob);
    // Control: the other job reaches its own service on its own address.
    const own = await runCollect(
      otherJob,
      runStep(
        `for i in $(seq 20); do ${canConnect(address, 8080)} | grep -q open && break; sleep 0.1; done; ${canConnect(address, 8080)}`,
      ),
    );
    expect(own.output.trim().split("\n").pop()).toBe("open");
    const result = await runCollect(job, runStep(canConnect(address, 8080)));
    expect(result.output).toBe("closed\n");
  });

  it("reports a memory hog as out of memory, and the job goes on", async () => {
    const result = await runCollect(job, runStep("head -c 400m /dev/zero | tail > /dev/null"));
    expect(result.oomKilled).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(result.message).toMatch(/^out of memory: .*64 MiB/);
    expect(result.output).toContain("out of memory");
    const next = await runCollect(job, runStep("echo fine; exit 3"));
    expect(next).toMatchObject({ output: "fine\n", oomKilled: false, exitCode: 3 });
  });

  it("contains a fork bomb with the pids limit; the host survives", async () => {
    const bomb = runCollect(
      job,
      runStep("echo bombing; bomb() { bomb | bomb & }; bomb", { noOutputTimeoutMs: 3000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stats = await job.primaryContainer.stats({ stream: false });
    expect(stats.pids_stats?.current).toBeLessThanOrEqual(128);
    expect(stats.pids_stats?.current).toBeGreaterThan(64);
    // The host still starts processes.
    const { stdout } = await run("echo", ["host-ok"]);
    expect(stdout).toBe("host-ok\n");
    const result = await bomb;
    expect(result.output).toContain("fork: retry: Resource temporarily unavailable");
    const started = performance.now();
    await job.cancel();
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await job.primaryContainer.inspect()).State.Running).toBe(false);
  });
});
