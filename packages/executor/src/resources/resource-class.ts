/** What one job may use: applied to each of its containers as Docker limits. */
export interface ResourceLimits {
  /** CPUs (may be fractional); Docker NanoCpus = cpus × 1e9. */
  cpus: number;
  memoryBytes: number;
  /** Maximum number of processes (and threads) in a container: contains fork bombs. */
  pidsLimit: number;
}

/** The most an administrator lets one job have on this worker, whatever the class asks. */
export interface ResourceCap {
  maxCpus: number;
  maxMemoryBytes: number;
}

const GiB = 1024 ** 3;

/** CircleCI's Docker resource classes: CPUs and memory (GB). */
export const RESOURCE_CLASSES: Readonly<Record<string, { cpus: number; memoryGb: number }>> = {
  small: { cpus: 1, memoryGb: 2 },
  medium: { cpus: 2, memoryGb: 4 },
  "medium+": { cpus: 3, memoryGb: 6 },
  large: { cpus: 4, memoryGb: 8 },
  xlarge: { cpus: 8, memoryGb: 16 },
  "2xlarge": { cpus: 16, memoryGb: 32 },
  "2xlarge+": { cpus: 20, memoryGb: 40 },
};

export const DEFAULT_RESOURCE_CLASS = "medium";

/** Generous for real builds (parallel compilers, test runners), small enough to stop a fork bomb. */
export const DEFAULT_PIDS_LIMIT = 4096;

/**
 * The limits for a `resource_class`, clamped to the administrator's cap so that a small host
 * is never over-promised (a `large` job on a 2-core worker gets 2 CPUs, not 4).
 * Throws a clear error for a class CircleCI does not offer for the docker executor.
 */
export function resourcesForClass(
  resourceClass: string | undefined,
  cap?: ResourceCap,
  pidsLimit: number = DEFAULT_PIDS_LIMIT,
): ResourceLimits {
  const name = resourceClass?.trim() || DEFAULT_RESOURCE_CLASS;
  const spec = RESOURCE_CLASSES[name];
  if (!spec) {
    throw new RangeError(
      `resource_class ${JSON.stringify(name)} is not available for the docker executor; ` +
        `use one of ${Object.keys(RESOURCE_CLASSES).join(", ")}`,
    );
  }
  let cpus = spec.cpus;
  let memoryBytes = spec.memoryGb * GiB;
  if (cap) {
    cpus = Math.min(cpus, cap.maxCpus);
    memoryBytes = Math.min(memoryBytes, cap.maxMemoryBytes);
  }
  return { cpus, memoryBytes, pidsLimit };
}

/**
 * A cap that matches the Docker host: all its CPUs and memory, less a reserve for the
 * engine and the worker itself. Administrators may pass a stricter cap instead.
 */
export function hostResourceCap(
  host: { cpus: number; memoryBytes: number },
  reservedMemoryBytes = 512 * 1024 ** 2,
): ResourceCap {
  return {
    maxCpus: Math.max(1, host.cpus),
    maxMemoryBytes: Math.max(256 * 1024 ** 2, host.memoryBytes - reservedMemoryBytes),
  };
}
