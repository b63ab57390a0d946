import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { SandboxError } from "../errors.ts";
import { ensureImage } from "../images/ensure-image.ts";
import { primaryContainerSpec, serviceContainerSpec, serviceHostnames } from "./container-specs.ts";
import { mergeJobEnvironment } from "./environment.ts";
import { HALT_FILE, helperFilesTar } from "./in-container-files.ts";
import type {
  JobSandbox,
  RunStepOptions,
  RunStepSpec,
  SandboxOptions,
  StepResult,
} from "./job-sandbox.ts";
import { BRIDGE_PREFIX, LABEL_JOB, LABEL_WORKER, newSandboxKey } from "./labels.ts";
import { runStepInContainer } from "./run-step.ts";

const DEFAULT_WORKING_DIRECTORY = "~/project";

/**
 * A job's sandbox on a Docker engine: its own bridge network (host interface `cairn-<key>`,
 * covered by the firewall from installFirewall), the primary container kept alive for
 * `docker exec` steps, and service containers sharing the primary's network namespace.
 */
export class DockerJobSandbox implements JobSandbox {
  private readonly containers: Docker.Container[] = [];
  private network?: Docker.Network;
  private primary?: Docker.Container;
  private stepCount = 0;
  private oomKills = 0;
  private cancelled = false;
  private destroyed = false;
  private readonly running = new Set<Promise<unknown>>();

  private constructor(
    private readonly docker: Docker,
    private readonly options: SandboxOptions,
    readonly workingDirectory: string,
  ) {}

  get jobId(): string {
    return this.options.jobId;
  }

  get primaryContainer(): Docker.Container {
    if (!this.primary) throw new SandboxError("the sandbox has no primary container");
    return this.primary;
  }

  /**
   * Resolves the images (local, pulled, or an alias), then creates the network, the primary
   * container and the services. Throws ImageUnavailableError or SandboxError with a message
   * fit for the job's log; whatever was created by then is removed.
   */
  static async create(docker: Docker, options: SandboxOptions): Promise<DockerJobSandbox> {
    const [primaryImage, ...serviceImages] = options.executor.images;
    if (!primaryImage) throw new SandboxError("the docker executor lists no image");
    const workingDirectory = options.workingDirectory || DEFAULT_WORKING_DIRECTORY;
    const serviceNames = serviceHostnames(serviceImages);
    const resolved = await Promise.all(
      options.executor.images.map((config) =>
        ensureImage(docker, config.image, {
          aliases: options.aliases,
          auth: config.auth,
          pullTimeoutMs: options.pullTimeoutMs,
          onLog: options.onLog,
        }),
      ),
    );
    const sandbox = new DockerJobSandbox(docker, options, workingDirectory);
    try {
      await sandbox.start(
        resolved.map((r) => r.image),
        serviceNames,
      );
    } catch (error) {
      await sandbox.destroy().catch(() => {});
      throw error instanceof SandboxError
        ? error
        : new SandboxError(`could not start the job's containers: ${dockerMessage(error)}`);
    }
    return sandbox;
  }

  private async start(images: string[], serviceNames: string[]) {
    const { executor, jobId, workerId, resources } = this.options;
    const key = newSandboxKey();
    const labels = { ...this.options.labels, [LABEL_JOB]: jobId, [LABEL_WORKER]: workerId };
    const networkName = `${BRIDGE_PREFIX}${key}`;
    this.network = await this.docker.createNetwork({
      Name: networkName,
      Driver: "bridge",
      CheckDuplicate: true,
      Labels: labels,
      Options: { "com.docker.network.bridge.name": networkName },
    });
    const [primaryConfig, ...serviceConfigs] = executor.images;
    const env = mergeJobEnvironment({
      ...this.options.environment,
      builtIns: {
        CIRCLE_WORKING_DIRECTORY: this.workingDirectory,
        BASH_ENV: `/tmp/.bash_env-${key}`,
        ...this.options.environment?.builtIns,
      },
      image: { ...primaryConfig?.environment, ...this.options.environment?.image },
    });
    const primary = await this.docker.createContainer(
      primaryContainerSpec({
        name: `${networkName}-primary`,
        image: images[0] as string,
        config: primaryConfig!,
        env,
        serviceNames,
        networkName,
        resources,
        labels,
      }),
    );
    this.containers.push(primary);
    this.primary = primary;
    await primary.putArchive(await helperFilesTar(), { path: "/" });
    await primary.start();
    await Promise.all(
      serviceConfigs.map(async (config, i) => {
        const service = await this.docker.createContainer(
          serviceContainerSpec({
            name: `${networkName}-service-${i + 1}${config.name ? `-${config.name}` : ""}`,
            image: images[i + 1] as string,
            config,
            primaryId: primary.id,
            resources,
            labels,
          }),
        );
        this.containers.push(service);
        await service.start();
      }),
    );
  }

  async runStep(step: RunStepSpec, { onOutput, drained }: RunStepOptions): Promise<StepResult> {
    if (this.cancelled || this.destroyed) {
      return { ...emptyResult(), cancelled: true };
    }
    const index = ++this.stepCount;
    const run = runStepInContainer({
      container: this.primaryContainer,
      step,
      index,
      workingDirectory: resolveWorkingDirectory(step.workingDirectory, this.workingDirectory),
      onOutput,
      drained,
      isCancelled: () => this.cancelled,
      memoryBytes: this.options.resources.memoryBytes,
      oomKillsBefore: () => this.oomKills,
      recordOomKills: (count) => {
        this.oomKills = Math.max(this.oomKills, count);
      },
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    if (step.background) {
      return { ...emptyResult(), background: true };
    }
    const result = await run;
    if (result.exitCode === 0 && !this.cancelled) {
      result.halted = await this.consumeHalt();
    }
    return result;
  }

  private async consumeHalt(): Promise<boolean> {
    try {
      await this.primaryContainer.infoArchive({ path: HALT_FILE });
      return true;
    } catch {
      return false;
    }
  }

  async copyIn(path: string, tar: Readable | Buffer): Promise<void> {
    await this.primaryContainer.putArchive(tar, { path });
  }

  async copyOut(path: string): Promise<Readable> {
    return (await this.primaryContainer.getArchive({ path })) as Readable;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    // SIGKILL to every container ends every step's processes at once, and their streams.
    await Promise.all(this.containers.map((c) => c.kill().catch(() => {})));
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => setTimeout(resolve, 5000)),
    ]);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    // Services first: they live in the primary's network namespace.
    const [primary, ...services] = this.containers;
    await Promise.all(services.map((c) => removeContainer(c)));
    if (primary) await removeContainer(primary);
    if (this.network) {
      await this.network.remove().catch((error: unknown) => {
        if (statusCode(error) !== 404) throw error;
      });
    }
  }
}

function emptyResult(): StepResult {
  return {
    exitCode: null,
    halted: false,
    timedOut: false,
    oomKilled: false,
    cancelled: false,
    background: false,
    durationMs: 0,
  };
}

/** A step's directory: absolute or `~` as given, else relative to the job's directory. */
function resolveWorkingDirectory(stepDirectory: string | undefined, jobDirectory: string) {
  if (!stepDirectory) return jobDirectory;
  if (stepDirectory.startsWith("/") || stepDirectory === "~" || stepDirectory.startsWith("~/")) {
    return stepDirectory;
  }
  return `${jobDirectory.replace(/\/+$/, "")}/${stepDirectory}`;
}

async function removeContainer(container: Docker.Container) {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    // 404: already gone; 409: removal already in progress.
    if (statusCode(error) !== 404 && statusCode(error) !== 409) throw error;
  }
}

function statusCode(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return json?.message ?? (error instanceof Error ? error.message : String(error));
}
