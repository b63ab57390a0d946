import { JobFilesError } from "../errors.ts";

/** A job of the workflow: `requires` names other jobs of the same workflow. */
export interface WorkflowJob {
  id: string;
  name: string;
  /** Set for parallel copies (`parallelism` > 1), to tell them apart in messages. */
  parallelIndex?: number;
  parallelism?: number;
  requires: readonly string[];
}

export interface LayerRecord {
  id: string;
  jobId: string;
  createdAt: Date;
  /** Relative paths of the files (not directories) in the layer. */
  files: readonly string[];
}

/** Thrown by attach_workspace when two concurrent jobs persisted the same file. */
export class WorkspaceConflictError extends JobFilesError {
  constructor(
    readonly file: string,
    readonly jobs: [string, string],
  ) {
    super(
      `Concurrent upstream jobs persisted the same file into the workspace: ${file} (jobs ${jobs[0]} and ${jobs[1]}). Persist it from one job, or make one job require the other.`,
    );
    this.name = "WorkspaceConflictError";
  }
}

/**
 * The workspace layers a job attaches, in the order to apply them: the layers of every job
 * it requires (directly or not), each after the layers of the jobs that job required, so a
 * downstream job's file replaces an upstream one's. Two jobs that are not ordered by
 * `requires` writing the same file is an error, because which one wins would be chance.
 */
export function orderLayersForAttach<T extends LayerRecord>(
  jobs: readonly WorkflowJob[],
  layers: readonly T[],
  attachingJobId: string,
): T[] {
  const graph = new JobGraph(jobs);
  const upstream = graph.ancestorsOf(attachingJobId);
  const ordered = layers
    .filter((layer) => upstream.has(layer.jobId))
    .sort(
      (a, b) =>
        graph.depthOf(a.jobId) - graph.depthOf(b.jobId) ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.id.localeCompare(b.id),
    );
  assertNoConcurrentWrites(graph, ordered);
  return ordered;
}

function assertNoConcurrentWrites(graph: JobGraph, ordered: readonly LayerRecord[]): void {
  const writers = new Map<string, string[]>();
  for (const layer of ordered) {
    for (const file of layer.files) {
      const earlier = writers.get(file);
      if (!earlier) {
        writers.set(file, [layer.jobId]);
        continue;
      }
      for (const jobId of earlier) {
        if (jobId !== layer.jobId && !graph.ancestorsOf(layer.jobId).has(jobId)) {
          throw new WorkspaceConflictError(file, [graph.label(jobId), graph.label(layer.jobId)]);
        }
      }
      if (!earlier.includes(layer.jobId)) earlier.push(layer.jobId);
    }
  }
}

/** The workflow's jobs and their `requires`, by job id (parallel copies share a name). */
class JobGraph {
  private readonly byId = new Map<string, WorkflowJob>();
  private readonly byName = new Map<string, WorkflowJob[]>();
  private readonly ancestors = new Map<string, Set<string>>();
  private readonly depths = new Map<string, number>();

  constructor(jobs: readonly WorkflowJob[]) {
    for (const job of jobs) {
      this.byId.set(job.id, job);
      this.byName.set(job.name, [...(this.byName.get(job.name) ?? []), job]);
    }
  }

  ancestorsOf(jobId: string): Set<string> {
    const known = this.ancestors.get(jobId);
    if (known) return known;
    const found = new Set<string>();
    // Marked before the walk, so a cycle (which the compiler rejects) cannot recurse forever.
    this.ancestors.set(jobId, found);
    for (const parent of this.parentsOf(jobId)) {
      found.add(parent.id);
      for (const ancestor of this.ancestorsOf(parent.id)) found.add(ancestor);
    }
    return found;
  }

  /** Length of the longest `requires` chain above the job (0 for a job requiring none). */
  depthOf(jobId: string): number {
    const known = this.depths.get(jobId);
    if (known !== undefined) return known;
    this.depths.set(jobId, 0);
    const depth = Math.max(
      0,
      ...this.parentsOf(jobId).map((parent) => this.depthOf(parent.id) + 1),
    );
    this.depths.set(jobId, depth);
    return depth;
  }

  label(jobId: string): string {
    const job = this.byId.get(jobId);
    if (!job) return jobId;
    return (job.parallelism ?? 1) > 1 ? `${job.name} (node ${job.parallelIndex ?? 0})` : job.name;
  }

  private parentsOf(jobId: string): WorkflowJob[] {
    const job = this.byId.get(jobId);
    return (job?.requires ?? []).flatMap((name) => this.byName.get(name) ?? []);
  }
}
