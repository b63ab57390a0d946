import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../docker-client.ts";
import {
  createTestSandbox,
  removeTestObjects,
  runCollect,
  runStep,
} from "../testing/sandbox-fixtures.ts";
import type { DockerJobSandbox } from "./docker-job-sandbox.ts";

const docker = createDockerClient(process.env.DOCKER_HOST);
// A non-root user of the job: mapping uid 0 into a new user namespace as root needs
// CAP_SETFCAP (kernel ≥ 5.12), which jobs do not have; any other user may map itself.
const AS_USER = "setpriv --reuid=1000 --regid=1000 --clear-groups";
// keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING): allowed by the kernel, refused
// by Docker's default profile.
const KEYCTL = `perl -e '$r = syscall(250, 0, -3, 0, 0, 0); print "keyctl=$r $!\\n"'`;

let sandbox: DockerJobSandbox;

beforeAll(async () => {
  sandbox = await createTestSandbox(docker);
});

afterAll(async () => {
  await sandbox?.destroy();
  await removeTestObjects(docker);
});

describe("the job seccomp profile", () => {
  it("is set on the job's containers", async () => {
    const info = await sandbox.primaryContainer.inspect();
    const seccomp = info.HostConfig.SecurityOpt?.find((opt: string) => opt.startsWith("seccomp="));
    expect(seccomp).toContain('"unshare"');
  });

  it("lets a step create namespaces with unshare", async () => {
    const plain = await runCollect(sandbox, runStep("unshare -U id -u"));
    expect(plain.exitCode).toBe(0);
    expect(plain.output.trim()).toBe("65534");
    const mapped = await runCollect(
      sandbox,
      runStep(`${AS_USER} unshare --user --map-root-user id -u`),
    );
    expect(mapped.output.trim()).toBe("0");
    expect(mapped.exitCode).toBe(0);
  });

  it("still refuses what Docker's default profile refuses", async () => {
    // Root of a new user namespace has CAP_SYS_ADMIN there: only seccomp stops this mount.
    const mount = await runCollect(
      sandbox,
      runStep(`${AS_USER} unshare -Urm mount -t tmpfs none /mnt && echo mounted`),
    );
    expect(mount.exitCode).not.toBe(0);
    expect(mount.output).not.toContain("mounted");
    const keyctl = await runCollect(sandbox, runStep(KEYCTL));
    expect(keyctl.output.trim()).toBe("keyctl=-1 Operation not permitted");
  });
});
