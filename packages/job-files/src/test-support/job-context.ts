import type { Db } from "@cairn/db";
import type { BlobStore } from "@cairn/storage";
import type { Container } from "dockerode";
import { DockerContainerFiles } from "../container/docker-container-files.ts";
import type { JobFilesContext, JobRef } from "../context.ts";

/** A JobFilesContext for a test job, collecting its log lines in `lines`. */
export function testContext(
  parts: { db: Db; store: BlobStore; container: Container; job: JobRef },
  environment: Record<string, string> = {},
): JobFilesContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    db: parts.db,
    store: parts.store,
    files: new DockerContainerFiles(parts.container),
    job: parts.job,
    workingDirectory: "~/project",
    keyValues: {
      branch: "main",
      buildNum: 7,
      revision: "0123456789abcdef",
      checkoutKey: "SHA256:test",
      environment,
      arch: "arch1-linux-amd64",
      now: () => new Date(),
    },
    onLog: (line) => lines.push(line),
    lines,
  };
}
