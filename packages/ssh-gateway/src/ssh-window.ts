import type Docker from "dockerode";

/** Something the window can close: an SSH connection or a browser terminal behind one. */
export interface WindowSession {
  close(message: string): void;
}

export interface SshWindowTimes {
  /** How long the window waits for a first session after the last step. */
  idleMs: number;
  /** The hard end, sessions or not. */
  maxMs: number;
}

export const WINDOW_ENDED_MESSAGE = "The SSH window for this job has ended.";

/**
 * One job's SSH window on this worker: open after the job's steps, it ends when nobody came
 * within `idleMs`, when the last session closes (after at least one), at `maxMs`, or when
 * `end()` is called (cancel, worker stopping). Ending tells and closes every session.
 */
export class SshWindow {
  private readonly sessions = new Set<WindowSession>();
  private everUsed = false;
  private endedBecause: string | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private resolveDone!: (reason: string) => void;
  readonly openedAt = new Date();
  /** Resolves with the reason once the window has ended. */
  readonly done = new Promise<string>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(
    readonly jobId: string,
    readonly container: Docker.Container,
    readonly workingDirectory: string,
    readonly times: SshWindowTimes,
    private readonly onFirstSession?: () => void,
  ) {
    this.timers.push(
      setTimeout(() => {
        if (this.sessions.size === 0) this.end("nobody connected in time");
      }, times.idleMs),
      setTimeout(() => this.end("it reached its time limit"), times.maxMs),
    );
  }

  get isOpen(): boolean {
    return this.endedBecause === undefined;
  }

  /** When the window ends at the latest if nobody connects (the idle deadline). */
  get idleDeadline(): Date {
    return new Date(this.openedAt.getTime() + this.times.idleMs);
  }

  get hardDeadline(): Date {
    return new Date(this.openedAt.getTime() + this.times.maxMs);
  }

  /** Counts a session in; the returned function counts it out. */
  attach(session: WindowSession): () => void {
    if (!this.isOpen) {
      session.close(WINDOW_ENDED_MESSAGE);
      return () => undefined;
    }
    this.sessions.add(session);
    if (!this.everUsed) {
      this.everUsed = true;
      this.onFirstSession?.();
    }
    return () => {
      if (!this.sessions.delete(session)) return;
      if (this.sessions.size === 0 && this.isOpen) this.end("the last session closed");
    };
  }

  end(reason: string): void {
    if (!this.isOpen) return;
    this.endedBecause = reason;
    for (const timer of this.timers) clearTimeout(timer);
    const sessions = [...this.sessions];
    this.sessions.clear();
    for (const session of sessions) session.close(WINDOW_ENDED_MESSAGE);
    this.resolveDone(reason);
  }
}
