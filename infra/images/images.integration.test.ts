import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

// Builds (when missing) and checks Cairn's local job images against the real Docker engine.
// A first build takes one to two minutes; later runs find the images and skip.

const exec = promisify(execFile);
const script = new URL("./build.sh", import.meta.url).pathname;
const BASE = "cairn/base:bookworm";
const NODE = "cairn/node:bookworm";

async function buildScript(...args: string[]) {
  return exec("bash", [script, ...args], { maxBuffer: 16 * 1024 * 1024 });
}

/** Runs a shell command in a fresh container (no network) and returns its stdout. */
async function inContainer(image: string, command: string, dockerArgs: string[] = []) {
  const { stdout } = await exec("docker", [
    "run",
    "--rm",
    "--network",
    "none",
    ...dockerArgs,
    image,
    "bash",
    "-c",
    command,
  ]);
  return stdout;
}

let firstRun = "";

beforeAll(async () => {
  const { stdout } = await buildScript();
  firstRun = stdout;
}, 300_000);

describe("build.sh", () => {
  it("leaves both images and their :latest tags in the engine", async () => {
    expect(firstRun).toContain("cairn images ready");
    for (const image of [BASE, NODE, "cairn/base:latest", "cairn/node:latest"]) {
      await expect(exec("docker", ["image", "inspect", image])).resolves.toBeDefined();
    }
  });

  it("skips images that exist (idempotent)", async () => {
    const { stdout } = await buildScript();
    expect(stdout).toContain(`${BASE} exists`);
    expect(stdout).toContain(`${NODE} exists`);
    expect(stdout).not.toContain("building");
    expect(stdout.trim().split("\n").at(-1)).toBe("cairn images ready");
  });

  it("labels and configures the images", async () => {
    const { stdout } = await exec("docker", [
      "image",
      "inspect",
      "-f",
      "{{json .Config}}",
      BASE,
      NODE,
    ]);
    const [base, node] = stdout
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as { Env: string[]; Cmd: string[]; Labels: Record<string, string> },
      );
    expect(base?.Labels["cairn.image"]).toBe("base");
    expect(node?.Labels["cairn.image"]).toBe("node");
    for (const config of [base, node]) {
      expect(config?.Labels["cairn.image.recipe"]).toMatch(/^\d+$/);
      expect(config?.Env).toContain("LANG=C.UTF-8");
      expect(config?.Env.find((e) => e.startsWith("PATH="))).toContain("/usr/local/bin");
      expect(config?.Cmd).toEqual(["/bin/bash"]);
    }
  });
});

describe("cairn/base", () => {
  it("has the tools a CircleCI job's shell uses", async () => {
    const out = await inContainer(
      BASE,
      [
        "set -e",
        "for t in git ssh curl wget bash tar gzip xz unzip zip jq ps sudo gpg nc less find xargs sha256sum; do command -v $t >/dev/null || { echo missing $t; exit 1; }; done",
        "git --version",
        "ssh -V 2>&1",
        "curl --version | head -n1",
        'echo "bash $BASH_VERSION"',
      ].join("\n"),
    );
    expect(out).toMatch(/^git version \d/m);
    expect(out).toMatch(/^OpenSSH_\d/m);
    expect(out).toMatch(/^curl \d/m);
    expect(out).toMatch(/^bash 5\./m);
  });

  it("has the CA bundle for https", async () => {
    const out = await inContainer(
      BASE,
      "grep -c 'BEGIN CERTIFICATE' /etc/ssl/certs/ca-certificates.crt; curl --version | grep -o 'Protocols:.*'",
    );
    const [count] = out.split("\n");
    expect(Number(count)).toBeGreaterThan(50);
    expect(out).toMatch(/Protocols:.* https/);
  });

  it("has a circleci user (uid 3434) with passwordless sudo, and root by default", async () => {
    expect(await inContainer(BASE, "id -u; id -u circleci; echo ~circleci")).toBe(
      "0\n3434\n/home/circleci\n",
    );
    expect(await inContainer(BASE, "whoami; sudo -n whoami", ["--user", "circleci"])).toBe(
      "circleci\nroot\n",
    );
  });

  it("points apt at a Debian bookworm mirror and keeps no package lists", async () => {
    const out = await inContainer(
      BASE,
      "grep -c '^deb .* bookworm main' /etc/apt/sources.list; ls /var/lib/apt/lists | grep -vc partial || true",
    );
    expect(out).toBe("1\n0\n");
  });
});

describe("cairn/node", () => {
  it("runs node and npm", async () => {
    const out = await inContainer(
      NODE,
      'node --version; npm --version; node -e \'console.log(require("node:crypto").createHash("sha256").update("cairn").digest("hex").length)\'',
    );
    const [node, npm, hashLength] = out.trim().split("\n");
    expect(node).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(npm).toMatch(/^\d+\.\d+\.\d+$/);
    expect(hashLength).toBe("64");
  });

  it("is cairn/base plus Node.js (same tools, same user)", async () => {
    const out = await inContainer(
      NODE,
      "git --version >/dev/null && ssh -V 2>/dev/null && curl --version >/dev/null && id -u circleci",
    );
    expect(out).toBe("3434\n");
  });
});
