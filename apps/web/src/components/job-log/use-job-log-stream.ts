"use client";

import {
  type ClientToServerEvents,
  JOB_EVENTS,
  type ServerToClientEvents,
  type TJobStatus,
  ZJobErrorSchema,
  ZJobLogSchema,
  ZJobStatusSchema,
} from "@cairn/realtime";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { LogModel } from "./log-model.ts";

export interface JobLogStream {
  model: LogModel;
  /** Bumps whenever the model changed, to re-render. */
  version: number;
  status: TJobStatus | null;
  connected: boolean;
  error: string | null;
}

/**
 * Follows a job's output over socket.io. On every (re)connect it asks for what comes after
 * the last seq it holds, so a dropped connection resumes with no gap and no duplicate.
 */
export function useJobLogStream(jobId: string): JobLogStream {
  const modelRef = useRef<LogModel>(null);
  modelRef.current ??= new LogModel();
  const model = modelRef.current;
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<TJobStatus | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      withCredentials: true,
    });
    // A backlog arrives as many messages in a row: they are all taken into the model, and
    // the page redraws once per frame, not once per message.
    let frame = 0;
    const changed = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        setVersion((previous) => previous + 1);
      });
    };
    socket.on("connect", () => {
      setConnected(true);
      setError(null);
      socket.emit(JOB_EVENTS.follow, { jobId, afterSeq: model.lastSeq });
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("connect_error", (cause) =>
      setError(
        cause.message === "unauthorized"
          ? "Sign in again to see live output."
          : "Live output is reconnecting…",
      ),
    );
    socket.on(JOB_EVENTS.log, (payload) => {
      const parsed = ZJobLogSchema.safeParse(payload);
      if (parsed.success && parsed.data.jobId === jobId && model.append(parsed.data.chunks)) {
        changed();
      }
    });
    socket.on(JOB_EVENTS.status, (payload) => {
      const parsed = ZJobStatusSchema.safeParse(payload);
      if (parsed.success && parsed.data.jobId === jobId) setStatus(parsed.data);
    });
    socket.on(JOB_EVENTS.error, (payload) => {
      const parsed = ZJobErrorSchema.safeParse(payload);
      if (parsed.success) setError(parsed.data.message);
    });
    return () => {
      cancelAnimationFrame(frame);
      socket.disconnect();
    };
  }, [jobId, model]);

  return { model, version, status, connected, error };
}
