"use client";

import {
  TERMINAL_EVENTS,
  TERMINAL_NAMESPACE,
  ZTerminalErrorSchema,
  ZTerminalExitSchema,
  ZTerminalOutputSchema,
} from "@cairn/realtime";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";

const decodeBase64 = (data: string) => Uint8Array.from(atob(data), (char) => char.charCodeAt(0));

/**
 * A shell in the job's container, in xterm.js over socket.io (namespace `/terminal`). The
 * terminal follows the panel's size; Ctrl+Shift+C / Ctrl+Shift+V copy and paste (Ctrl+C
 * stays the interrupt), as does the browser's own copy and paste.
 */
export function BrowserTerminal({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"connecting" | "open" | "ended">("connecting");
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const terminal = new Terminal({
      cursorBlink: true,
      convertEol: false,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      fontSize: 13,
      scrollback: 5000,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    fit.fit();
    const socket = io(TERMINAL_NAMESPACE, { withCredentials: true, reconnection: false });

    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
      if (event.code === "KeyC") {
        const selection = terminal.getSelection();
        if (selection) void navigator.clipboard?.writeText(selection);
        return false;
      }
      if (event.code === "KeyV") {
        void navigator.clipboard?.readText().then((text) => text && terminal.paste(text));
        return false;
      }
      return true;
    });

    socket.on("connect", () => {
      socket.emit(TERMINAL_EVENTS.open, { jobId, cols: terminal.cols, rows: terminal.rows });
    });
    socket.on("connect_error", (cause) => {
      setState("ended");
      setMessage(
        cause.message === "unauthorized"
          ? "Sign in again to open a terminal."
          : "The terminal cannot connect.",
      );
    });
    socket.on(TERMINAL_EVENTS.opened, () => {
      setState("open");
      terminal.focus();
    });
    socket.on(TERMINAL_EVENTS.output, (payload: unknown) => {
      const parsed = ZTerminalOutputSchema.safeParse(payload);
      if (parsed.success) terminal.write(decodeBase64(parsed.data.data));
    });
    socket.on(TERMINAL_EVENTS.exit, (payload: unknown) => {
      const parsed = ZTerminalExitSchema.safeParse(payload);
      setState("ended");
      setMessage(parsed.success ? parsed.data.message : "The shell ended.");
    });
    socket.on(TERMINAL_EVENTS.error, (payload: unknown) => {
      const parsed = ZTerminalErrorSchema.safeParse(payload);
      setMessage(parsed.success ? parsed.data.message : "The terminal failed.");
      setState((previous) => (previous === "open" ? previous : "ended"));
    });
    socket.on("disconnect", () => setState("ended"));

    const input = terminal.onData((data) => socket.emit(TERMINAL_EVENTS.input, { data }));
    const resize = terminal.onResize(({ cols, rows }) =>
      socket.emit(TERMINAL_EVENTS.resize, { cols, rows }),
    );
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(element);

    return () => {
      observer.disconnect();
      input.dispose();
      resize.dispose();
      socket.disconnect();
      terminal.dispose();
    };
  }, [jobId]);

  return (
    <div className="browser-terminal">
      <div className="subpanel-head">
        <h3>
          Terminal{" "}
          <span className="muted small" data-testid="terminal-state">
            {state}
          </span>
        </h3>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {message ? (
        <p className="notice" data-testid="terminal-message">
          {message}
        </p>
      ) : null}
      <div
        ref={container}
        data-testid="terminal"
        style={{ height: "24rem", resize: "vertical", overflow: "hidden", background: "#000" }}
      />
    </div>
  );
}
