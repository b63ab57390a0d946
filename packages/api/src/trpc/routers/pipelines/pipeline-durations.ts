import type { Db } from "@cairn/db";
import { durationBetween } from "./duration.ts";

/** Each pipeline's run time: first job started → last job ended, once all have ended. */
export async function pipelineDurations(db: Db, pipelineIds: string[]) {
  const jobs = await db.job.findMany({
    where: { workflow: { pipelineId: { in: pipelineIds } } },
    select: { startedAt: true, finishedAt: true, workflow: { select: { pipelineId: true } } },
  });
  const spans = new Map<string, { start: Date | null; stop: Date | null; open: boolean }>();
  for (const job of jobs) {
    const span = spans.get(job.workflow.pipelineId) ?? { start: null, stop: null, open: false };
    if (job.startedAt && (!span.start || job.startedAt < span.start)) span.start = job.startedAt;
    if (job.finishedAt && (!span.stop || job.finishedAt > span.stop)) span.stop = job.finishedAt;
    if (!job.finishedAt) span.open = true;
    spans.set(job.workflow.pipelineId, span);
  }
  const durations = new Map<string, number | null>();
  for (const [id, span] of spans) {
    durations.set(id, span.open ? null : durationBetween(span.start, span.stop));
  }
  return durations;
}
