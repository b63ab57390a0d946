import { PassThrough } from "node:stream";
import type { Container } from "dockerode";
import { JobFilesError, NoSuchPathError } from "../errors.ts";
import type { ContainerFiles } from "./container-files.ts";

/** ContainerFiles over Docker's archive API (`docker cp`) plus one small exec for `$HOME`. */
export class DockerContainerFiles implements ContainerFiles {
  private home: Promise<string> | undefined;

  constructor(private readonly container: Container) {}

  homeDirectory(): Promise<string> {
    this.home ??= this.readHome();
    return this.home;
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.container.infoArchive({ path });
      return true;
    } catch (error) {
      if (statusCode(error) === 404) return false;
      throw new JobFilesError(`cannot look at ${path} in the container: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async readArchive(path: string): Promise<NodeJS.ReadableStream> {
    try {
      return await this.container.getArchive({ path });
    } catch (error) {
      if (statusCode(error) === 404) throw new NoSuchPathError(path);
      throw new JobFilesError(`cannot read ${path} from the container: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async writeArchive(tar: NodeJS.ReadableStream, directory: string): Promise<void> {
    // A source that fails mid-way would otherwise leave the upload request open forever.
    const abort = new AbortController();
    const onSourceError = (error: Error) => abort.abort(error);
    tar.on("error", onSourceError);
    try {
      await this.container.putArchive(tar, { path: directory, abortSignal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) throw abort.signal.reason;
      // The request failed before (or while) the body was read: release the source.
      (tar as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      if (statusCode(error) === 404) throw new NoSuchPathError(directory);
      throw new JobFilesError(
        `cannot write into ${directory} in the container: ${describe(error)}`,
        {
          cause: error,
        },
      );
    } finally {
      tar.off("error", onSourceError);
    }
  }

  // `docker exec` sets HOME from the container user's passwd entry, which the container's
  // own config usually does not carry; asking a shell is the reliable way to learn it.
  private async readHome(): Promise<string> {
    const { exitCode, stdout, stderr } = await this.run(["sh", "-c", 'printf %s "$HOME"']);
    const home = stdout.trim();
    if (exitCode !== 0 || !home.startsWith("/")) {
      throw new JobFilesError(
        `cannot find the home directory of the container's user (exit ${exitCode}${stderr ? `: ${stderr.trim()}` : ""})`,
      );
    }
    return home;
  }

  private async run(cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const exec = await this.container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout = collect();
    const stderr = collect();
    this.container.modem.demuxStream(stream, stdout.sink, stderr.sink);
    await new Promise<void>((resolve, reject) => {
      stream.on("end", resolve);
      stream.on("close", resolve);
      stream.on("error", reject);
    });
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, stdout: stdout.text(), stderr: stderr.text() };
  }
}

function collect(): { sink: PassThrough; text(): string } {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { sink, text: () => Buffer.concat(chunks).toString("utf8") };
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === "number" ? code : undefined;
}

function describe(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (typeof json?.message === "string") return json.message;
  return error instanceof Error ? error.message : String(error);
}
