import type Docker from "dockerode";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SshWindow, WINDOW_ENDED_MESSAGE } from "./ssh-window.ts";

const container = {} as Docker.Container;
const session = () => ({ close: vi.fn<(message: string) => void>() });

describe("an SSH window", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("ends when nobody connects within the idle time", async () => {
    const window = new SshWindow("job", container, "~/project", {
      idleMs: 600_000,
      maxMs: 7_200_000,
    });
    vi.advanceTimersByTime(599_999);
    expect(window.isOpen).toBe(true);
    vi.advanceTimersByTime(1);
    expect(window.isOpen).toBe(false);
    await expect(window.done).resolves.toBe("nobody connected in time");
  });

  it("stays open past the idle time while a session is open, and ends with the last one", async () => {
    const first = vi.fn();
    const window = new SshWindow("job", container, "~", { idleMs: 1000, maxMs: 10_000 }, first);
    const a = session();
    const b = session();
    const leaveA = window.attach(a);
    const leaveB = window.attach(b);
    expect(first).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(window.isOpen).toBe(true);
    leaveA();
    leaveA();
    expect(window.isOpen).toBe(true);
    leaveB();
    expect(window.isOpen).toBe(false);
    await expect(window.done).resolves.toBe("the last session closed");
    expect(a.close).not.toHaveBeenCalled();
  });

  it("at its hard end tells and closes every session, and lets no new one in", async () => {
    const window = new SshWindow("job", container, "~", { idleMs: 1000, maxMs: 3000 });
    const open = session();
    window.attach(open);
    vi.advanceTimersByTime(3000);
    expect(open.close).toHaveBeenCalledWith(WINDOW_ENDED_MESSAGE);
    await expect(window.done).resolves.toBe("it reached its time limit");
    const late = session();
    window.attach(late);
    expect(late.close).toHaveBeenCalledWith(WINDOW_ENDED_MESSAGE);
  });

  it("ends at once when asked (cancel, worker stopping)", async () => {
    const window = new SshWindow("job", container, "~", { idleMs: 1000, maxMs: 3000 });
    const open = session();
    window.attach(open);
    window.end("the job was stopped");
    window.end("twice");
    expect(open.close).toHaveBeenCalledTimes(1);
    await expect(window.done).resolves.toBe("the job was stopped");
  });
});
