import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

// Only build.sh's argument handling and its reading of apt's configuration: --print-mirror
// exits before touching Docker. The build itself is in images.integration.test.ts.

const run = promisify(execFile);
const script = new URL("./build.sh", import.meta.url).pathname;
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function fakeAptEtc(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cairn-apt-"));
  dirs.push(dir);
  await mkdir(join(dir, "sources.list.d"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function printMirror(aptEtc: string, env: Record<string, string> = {}) {
  const { stdout } = await run("bash", [script, "--print-mirror"], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", CAIRN_APT_ETC: aptEtc, ...env },
  });
  return stdout;
}

describe("build.sh --print-mirror", () => {
  it("reads deb822 .sources, skipping disabled, deb-src-only and non-Debian sources", async () => {
    const etc = await fakeAptEtc({
      "sources.list.d/a-vendor.sources":
        "Types: deb\nURIs: https://vendor.example/apt\nSuites: nodistro\nComponents: main\n",
      "sources.list.d/b-off.sources":
        "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nEnabled: no\n",
      "sources.list.d/c-debian.sources": [
        "# a comment",
        "Types: deb-src",
        "URIs: http://src.example/debian",
        "Suites: bookworm",
        "",
        "Types: deb",
        "# comment inside a paragraph",
        "URIs: http://mirror.example/debian/",
        "Suites: bookworm bookworm-updates",
        "Components: main",
        "",
        "Types: deb",
        "URIs: http://mirror.example/debian-security",
        "Suites: bookworm-security",
        "Components: main",
        "",
      ].join("\n"),
      "sources.list.d/d-ignored.sources.disabled":
        "Types: deb\nURIs: http://disabled.example/debian\nSuites: bookworm\n",
    });
    expect(await printMirror(etc)).toBe(
      "mirror http://mirror.example/debian\nsecurity http://mirror.example/debian-security\n",
    );
  });

  it("reads one-line sources.list entries first, with [options]", async () => {
    const etc = await fakeAptEtc({
      "sources.list": [
        "# deb http://commented.example/debian bookworm main",
        "deb-src http://src.example/debian bookworm main",
        "deb [ arch=amd64 signed-by=/k.gpg ] http://one.example/debian trixie main",
        "deb [arch=amd64] http://sec.example/debian-security trixie-security main",
      ].join("\n"),
      "sources.list.d/z.sources":
        "Types: deb\nURIs: http://later.example/debian\nSuites: bookworm\n",
    });
    expect(await printMirror(etc)).toBe(
      "mirror http://one.example/debian\nsecurity http://sec.example/debian-security\n",
    );
  });

  it("lets CAIRN_DEBIAN_MIRROR and CAIRN_DEBIAN_SECURITY_MIRROR override, and says none", async () => {
    const etc = await fakeAptEtc({});
    expect(await printMirror(etc)).toBe("mirror none\nsecurity none\n");
    expect(
      await printMirror(etc, {
        CAIRN_DEBIAN_MIRROR: "http://override.example/debian/",
        CAIRN_DEBIAN_SECURITY_MIRROR: "none",
      }),
    ).toBe("mirror http://override.example/debian\nsecurity none\n");
  });

  it("rejects an unknown argument with exit code 2", async () => {
    await expect(run("bash", [script, "--bogus"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown argument: --bogus"),
    });
  });
});
