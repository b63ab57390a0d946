import { ApiError, type Viewer } from "@cairn/api";
import { findVisibleJobById } from "@cairn/api/trpc";
import { type LogChunk, LogFollower } from "@cairn/logs";
import {
  isJobFinished,
  JOB_EVENTS,
  type TJobLog,
  type TJobStatus,
  ZJobFollowSchema,
  ZJobStatusNameSchema,
  ZJobUnfollowSchema,
} from "@cairn/realtime";
import type { Server, Socket } from "socket.io";
import { webEnv } from "~/env.ts";
import { db } from "./db.ts";
import { blobStore } from "./rest/services.ts";
import { authenticateSocket } from "./socket-auth.ts";

/** How often a followed job's row is read for its status; cheap, and only while watched. */
const STATUS_POLL_MS = 1000;
/**
 * Chunks per socket message while catching up (~640 KB at most): a large backlog goes in
 * pieces small enough that the page handles each in a few milliseconds and stays
 * responsive while it streams in (measured by bench/job-page-browser.ts).
 */
const FOLLOW_BATCH_SIZE = 20;

const jobRoom = (jobId: string) => `job:${jobId}`;
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

let follower: LogFollower | undefined;

/** The process's one LogFollower: one LISTEN connection serves every browser. */
function logFollower(): LogFollower {
  follower ??= new LogFollower({
    connectionString: webEnv().DATABASE_URL,
    db: db(),
    store: blobStore(),
    batchSize: FOLLOW_BATCH_SIZE,
    onError: (error) => console.error("log follower:", describe(error)),
  });
  return follower;
}

const toLogPayload = (jobId: string, chunks: LogChunk[]): TJobLog => ({
  jobId,
  chunks: chunks.map((chunk) => ({
    seq: chunk.seq,
    step: chunk.stepIndex,
    data: chunk.data.toString("base64"),
    at: chunk.at ?? null,
  })),
});

function statusPayload(jobId: string, status: string): TJobStatus {
  const name = ZJobStatusNameSchema.parse(status);
  return { jobId, status: name, finished: isJobFinished(name) };
}

/**
 * Tells each job room when its job's status changes: one poll per followed job, whatever
 * the number of browsers, ending when the room empties or the job has finished.
 */
function createStatusWatcher(io: Server) {
  const watched = new Map<string, { timer: NodeJS.Timeout; status: string }>();
  return function watch(jobId: string, status: string) {
    if (watched.has(jobId) || isJobFinished(ZJobStatusNameSchema.parse(status))) return;
    const entry = { status, timer: setInterval(() => void tick(), STATUS_POLL_MS) };
    watched.set(jobId, entry);
    const stop = () => {
      clearInterval(entry.timer);
      watched.delete(jobId);
    };
    async function tick() {
      if (!io.sockets.adapter.rooms.get(jobRoom(jobId))?.size) return stop();
      try {
        const job = await db().job.findUnique({ where: { id: jobId }, select: { status: true } });
        if (!job) return stop();
        if (job.status === entry.status) return;
        entry.status = job.status;
        const payload = statusPayload(jobId, job.status);
        io.to(jobRoom(jobId)).emit(JOB_EVENTS.status, payload);
        if (payload.finished) stop();
      } catch (error) {
        console.error("job status poll:", describe(error));
      }
    }
  };
}

/**
 * The socket.io gateway for live updates. Every connection is authenticated here from the
 * session cookie; following a job checks that the user may see it before joining its room.
 */
export function attachSocketGateway(io: Server) {
  const watchStatus = createStatusWatcher(io);

  io.use(authenticateSocket);

  io.on("connection", (socket: Socket) => {
    const viewer = socket.data.viewer as Viewer;
    const follows = new Map<string, () => void>();
    const refuse = (jobId: string, message: string) =>
      socket.emit(JOB_EVENTS.error, { jobId, message });

    socket.on(JOB_EVENTS.follow, async (payload: unknown) => {
      const parsed = ZJobFollowSchema.safeParse(payload);
      if (!parsed.success) {
        return refuse("", "job:follow expects { jobId: string, afterSeq: whole number ≥ 0 }.");
      }
      const { jobId, afterSeq } = parsed.data;
      try {
        const job = await findVisibleJobById(db(), viewer, jobId);
        follows.get(jobId)?.();
        follows.delete(jobId);
        await socket.join(jobRoom(jobId));
        socket.emit(JOB_EVENTS.status, statusPayload(jobId, job.status));
        watchStatus(jobId, job.status);
        const stop = await logFollower().follow(jobId, afterSeq, (chunks) => {
          if (chunks.length > 0) socket.emit(JOB_EVENTS.log, toLogPayload(jobId, chunks));
        });
        if (socket.disconnected) return stop();
        // A second follow of the same job raced this one: the newer replaces the older.
        follows.get(jobId)?.();
        follows.set(jobId, stop);
      } catch (error) {
        if (error instanceof ApiError) return refuse(jobId, error.message);
        console.error("job:follow failed:", describe(error));
        refuse(jobId, "Live output is unavailable right now.");
      }
    });

    socket.on(JOB_EVENTS.unfollow, async (payload: unknown) => {
      const parsed = ZJobUnfollowSchema.safeParse(payload);
      if (!parsed.success) return refuse("", "job:unfollow expects { jobId: string }.");
      follows.get(parsed.data.jobId)?.();
      follows.delete(parsed.data.jobId);
      await socket.leave(jobRoom(parsed.data.jobId));
    });

    socket.on("disconnect", () => {
      for (const stop of follows.values()) stop();
      follows.clear();
    });
  });
}
