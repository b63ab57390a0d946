import { describe, expect, it } from "vitest";
import {
  TERMINAL_EVENTS,
  ZTerminalInputSchema,
  ZTerminalOpenSchema,
  ZTerminalOutputSchema,
  ZTerminalResizeSchema,
} from "./index.ts";

describe("terminal events", () => {
  it("accept a job and a sane size, and nothing else", () => {
    expect(ZTerminalOpenSchema.parse({ jobId: "j1", cols: 80, rows: 24 })).toEqual({
      jobId: "j1",
      cols: 80,
      rows: 24,
    });
    for (const payload of [
      { jobId: "j1", cols: 0, rows: 24 },
      { jobId: "j1", cols: 80.5, rows: 24 },
      { jobId: "j1", cols: 80, rows: 10_000 },
      { jobId: "", cols: 80, rows: 24 },
      { jobId: "j1", cols: 80, rows: 24, userId: "someone-else" },
      null,
    ]) {
      expect(ZTerminalOpenSchema.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    }
    expect(ZTerminalResizeSchema.safeParse({ cols: 120, rows: 40 }).success).toBe(true);
    expect(ZTerminalResizeSchema.safeParse({ cols: "120", rows: 40 }).success).toBe(false);
  });

  it("bound input and carry output as base64", () => {
    expect(ZTerminalInputSchema.safeParse({ data: "ls\r" }).success).toBe(true);
    expect(ZTerminalInputSchema.safeParse({ data: "" }).success).toBe(false);
    expect(ZTerminalInputSchema.safeParse({ data: "x".repeat(70_000) }).success).toBe(false);
    const data = Buffer.from("\x1b[1mhi\x1b[0m").toString("base64");
    expect(ZTerminalOutputSchema.parse({ data }).data).toBe(data);
    expect(ZTerminalOutputSchema.safeParse({ data: "not base64!" }).success).toBe(false);
  });

  it("name their events under terminal:", () => {
    expect(Object.values(TERMINAL_EVENTS).every((name) => name.startsWith("terminal:"))).toBe(true);
  });
});
