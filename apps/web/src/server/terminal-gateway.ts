import { ApiError, openSshAccess, type Viewer } from "@cairn/api";
import { findVisibleJobById } from "@cairn/api/trpc";
import {
  TERMINAL_EVENTS,
  TERMINAL_NAMESPACE,
  ZTerminalInputSchema,
  ZTerminalOpenSchema,
  ZTerminalResizeSchema,
} from "@cairn/realtime";
import { type BrowserTerminal, mayOpenShell, openBrowserTerminal } from "@cairn/ssh-gateway";
import type { Server, Socket } from "socket.io";
import { db } from "./db.ts";
import { authenticateSocket } from "./socket-auth.ts";

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The browser terminal (namespace `/terminal`): the connection is authenticated from the
 * session cookie; opening a shell checks, like the SSH gateway, that the user may see the
 * job and is the one who asked for the rerun with SSH or a project admin. The shell itself
 * runs through the gateway of the worker that holds the job.
 */
export function attachTerminalGateway(io: Server) {
  const namespace = io.of(TERMINAL_NAMESPACE);
  namespace.use(authenticateSocket);
  namespace.on("connection", (socket: Socket) => serveTerminal(socket));
}

function serveTerminal(socket: Socket) {
  const viewer = socket.data.viewer as Viewer;
  let terminal: BrowserTerminal | undefined;
  let opening = false;
  const refuse = (message: string) => socket.emit(TERMINAL_EVENTS.error, { message });

  socket.on(TERMINAL_EVENTS.open, async (payload: unknown) => {
    const parsed = ZTerminalOpenSchema.safeParse(payload);
    if (!parsed.success) return refuse("terminal:open expects { jobId, cols, rows }.");
    if (terminal || opening) return refuse("This connection already has a terminal.");
    opening = true;
    const { jobId, cols, rows } = parsed.data;
    try {
      const job = await findVisibleJobById(db(), viewer, jobId);
      if (!(await mayOpenShell(db(), viewer.id, job.id))) {
        return refuse(
          "Only the user who reran this job with SSH and project admins can open a terminal.",
        );
      }
      const access = openSshAccess(job.ssh);
      if (!access) return refuse("This job has no open SSH window.");
      terminal = await openBrowserTerminal({
        db: db(),
        jobId: job.id,
        access,
        userId: viewer.id,
        remoteAddress: socket.handshake.address || null,
        cols,
        rows,
        onData: (data) => socket.emit(TERMINAL_EVENTS.output, { data: data.toString("base64") }),
        onExit: (code) => {
          socket.emit(TERMINAL_EVENTS.exit, {
            code,
            message:
              code === null
                ? "The connection to the job's container closed."
                : `The shell exited (${code}).`,
          });
          terminal = undefined;
          socket.disconnect(true);
        },
      });
      if (socket.disconnected) return terminal.close();
      socket.emit(TERMINAL_EVENTS.opened, { jobId: job.id });
    } catch (error) {
      if (error instanceof ApiError) return refuse(error.message);
      console.error("terminal:open failed:", describe(error));
      refuse("The job's container cannot be reached right now.");
    } finally {
      opening = false;
    }
  });

  socket.on(TERMINAL_EVENTS.input, (payload: unknown) => {
    const parsed = ZTerminalInputSchema.safeParse(payload);
    if (!parsed.success) return refuse("terminal:input expects { data: text }.");
    terminal?.write(parsed.data.data);
  });

  socket.on(TERMINAL_EVENTS.resize, (payload: unknown) => {
    const parsed = ZTerminalResizeSchema.safeParse(payload);
    if (!parsed.success) return refuse("terminal:resize expects { cols, rows }.");
    terminal?.resize(parsed.data.cols, parsed.data.rows);
  });

  socket.on("disconnect", () => {
    terminal?.close();
    terminal = undefined;
  });
}
