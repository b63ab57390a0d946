// Helpers for integration tests: real containers of the local job image, labelled so a
// crashed run's leftovers can be found (`docker ps -a --filter label=cairn.test=1`).
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import type { Container } from "dockerode";
import * as tar from "tar-stream";

export const TEST_IMAGE = "cairn/base:bookworm";

export async function startTestContainer(docker: Docker): Promise<Container> {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    Cmd: ["sleep", "infinity"],
    Labels: { "cairn.test": "1" },
    HostConfig: { NetworkMode: "none" },
  });
  await container.start();
  return container;
}

/** Runs a bash script in the container; rejects with its output when it fails. */
export async function sh(container: Container, script: string): Promise<string> {
  const exec = await container.exec({
    Cmd: ["bash", "-euo", "pipefail", "-c", script],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on("data", (chunk: Buffer) => out.push(chunk));
  const stderr = new PassThrough().on("data", (chunk: Buffer) => err.push(chunk));
  container.modem.demuxStream(stream, stdout, stderr);
  await new Promise((resolve) => stream.on("end", resolve));
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) {
    throw new Error(`script failed (exit ${ExitCode}): ${Buffer.concat(err).toString()}`);
  }
  return Buffer.concat(out).toString();
}

/** Writes files (relative names → contents) into a directory of the container. */
export async function putFiles(
  container: Container,
  directory: string,
  files: Record<string, string | Buffer>,
): Promise<void> {
  await sh(container, `mkdir -p '${directory}'`);
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  await container.putArchive(Buffer.concat(chunks), { path: directory });
}

/** Every entry under the paths with its type, mode, owner, link target and content hash. */
export function treeListing(container: Container, paths: string[]): Promise<string> {
  const quoted = paths.map((path) => `'${path}'`).join(" ");
  return sh(
    container,
    `find ${quoted} -printf '%p %y %m %U:%G %l\\n' | sort; find ${quoted} -type f -print0 | sort -z | xargs -0 -r sha256sum`,
  );
}

export async function removeContainers(containers: Container[]): Promise<void> {
  await Promise.all(
    containers.map((container) => container.remove({ force: true }).catch(() => {})),
  );
}
