import { z } from "zod";

/**
 * The browser terminal, on the socket.io namespace `/terminal`: one shell per connection in
 * a rerun-with-SSH job's container, through the worker's SSH gateway.
 */
export const TERMINAL_NAMESPACE = "/terminal";

export const TERMINAL_EVENTS = {
  /** Browser → server: open a shell in the job's container at this size. */
  open: "terminal:open",
  /** Browser → server: keystrokes and pasted text. */
  input: "terminal:input",
  /** Browser → server: the terminal's new size. */
  resize: "terminal:resize",
  /** Server → browser: the shell is ready. */
  opened: "terminal:opened",
  /** Server → browser: the shell's output (base64: raw bytes). */
  output: "terminal:output",
  /** Server → browser: the shell ended (exit code, and why in words). */
  exit: "terminal:exit",
  /** Server → browser: why opening or using the terminal was refused. */
  error: "terminal:error",
} as const;

const ZColsSchema = z.number().int().min(2).max(1000);
const ZRowsSchema = z.number().int().min(1).max(500);

export const ZTerminalOpenSchema = z
  .object({ jobId: z.string().min(1).max(100), cols: ZColsSchema, rows: ZRowsSchema })
  .strict();
export type TTerminalOpen = z.infer<typeof ZTerminalOpenSchema>;

export const ZTerminalInputSchema = z.object({ data: z.string().min(1).max(65_536) }).strict();
export type TTerminalInput = z.infer<typeof ZTerminalInputSchema>;

export const ZTerminalResizeSchema = z.object({ cols: ZColsSchema, rows: ZRowsSchema }).strict();
export type TTerminalResize = z.infer<typeof ZTerminalResizeSchema>;

export const ZTerminalOpenedSchema = z.object({ jobId: z.string() });
export type TTerminalOpened = z.infer<typeof ZTerminalOpenedSchema>;

export const ZTerminalOutputSchema = z.object({ data: z.base64() });
export type TTerminalOutput = z.infer<typeof ZTerminalOutputSchema>;

export const ZTerminalExitSchema = z.object({
  code: z.number().int().nullable(),
  message: z.string(),
});
export type TTerminalExit = z.infer<typeof ZTerminalExitSchema>;

export const ZTerminalErrorSchema = z.object({ message: z.string() });
export type TTerminalError = z.infer<typeof ZTerminalErrorSchema>;
