import { setTimeout as sleep } from "node:timers/promises";
import { isHostedProvider, ProviderApiError, VcsError } from "@cairn/vcs";
import { clearProviderError, recordProviderError } from "../hooks/provider-error.ts";
import { projectProviderClient, repositoryRefOf } from "../hooks/provider-token.ts";
import type { Services } from "../services.ts";
import { commitStatusContext, WORKFLOW_COMMIT_STATES } from "./workflow-commit-state.ts";

/** After the client's own retries fail, later tries wait 30 s, 1 min, 2 min… then stop. */
export const COMMIT_STATUS_MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 30_000;

export interface ReportResult {
  posted: number;
  failed: number;
  skipped: number;
}

/**
 * Posts the commit status of every workflow whose status changed since it was last
 * reported (a database trigger marks them `commitStatusDue`). Each is claimed first, so
 * several web processes never post the same change twice. Only hosted providers' projects
 * get statuses; others are just marked done.
 */
export async function reportDueCommitStatuses(
  services: Services,
  { limit = 20 }: { limit?: number } = {},
): Promise<ReportResult> {
  const claimed = await services.db.$queryRaw<{ id: string }[]>`
    UPDATE workflows SET commit_status_due = false
    WHERE id IN (
      SELECT id FROM workflows
      WHERE commit_status_due AND (commit_status_retry_at IS NULL OR commit_status_retry_at <= now())
      ORDER BY created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  const result: ReportResult = { posted: 0, failed: 0, skipped: 0 };
  for (const { id } of claimed) {
    const outcome = await reportWorkflow(services, id);
    result[outcome]++;
  }
  return result;
}

async function reportWorkflow(services: Services, workflowId: string): Promise<keyof ReportResult> {
  const workflow = await services.db.workflow.findUnique({
    where: { id: workflowId },
    include: { pipeline: { include: { project: true } } },
  });
  if (!workflow) return "skipped";
  const { project } = workflow.pipeline;
  if (!isHostedProvider(project.provider)) return "skipped";
  const { state, description } = WORKFLOW_COMMIT_STATES[workflow.status];
  if (workflow.commitStatusState === state && workflow.commitStatusError === null) return "skipped";

  try {
    const client = await projectProviderClient(services, project);
    if (!client) {
      throw new ProviderApiError(
        project.provider,
        "unauthorized",
        "No one who can reach this repository has a usable sign-in with the provider: commit statuses cannot be posted.",
      );
    }
    await client.setCommitStatus(repositoryRefOf(project), workflow.pipeline.revision, {
      state,
      context: commitStatusContext(workflow.name),
      description,
      targetUrl: new URL(`/pipeline/${workflow.pipelineId}`, services.baseUrl).toString(),
    });
  } catch (error) {
    // A provider's refusal or a repository name it cannot take; anything else is Cairn's own.
    if (!(error instanceof ProviderApiError || error instanceof VcsError)) throw error;
    const attempts = workflow.commitStatusAttempts + 1;
    const retry = attempts < COMMIT_STATUS_MAX_ATTEMPTS;
    // Only if the status did not change meanwhile (the trigger would have reset these).
    await services.db.workflow.updateMany({
      where: { id: workflowId, status: workflow.status },
      data: {
        commitStatusError: error.message,
        commitStatusAttempts: attempts,
        commitStatusDue: retry,
        commitStatusRetryAt: retry
          ? new Date(Date.now() + RETRY_BASE_MS * 2 ** (attempts - 1))
          : null,
      },
    });
    await recordProviderError(services, project.id, error);
    return "failed";
  }
  await services.db.workflow.update({
    where: { id: workflowId },
    data: { commitStatusState: state, commitStatusError: null },
  });
  await clearProviderError(services, project.id);
  return "posted";
}

/** Polls for due statuses until `signal` aborts; errors are logged, never thrown. */
export async function runCommitStatusReporter(
  services: Services,
  {
    intervalMs = 1000,
    signal,
    log = console.error,
  }: {
    intervalMs?: number;
    signal: AbortSignal;
    log?: (message: string) => void;
  },
): Promise<void> {
  while (!signal.aborted) {
    try {
      const { posted, failed } = await reportDueCommitStatuses(services);
      if (posted + failed > 0) continue;
    } catch (error) {
      log(`commit statuses: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
