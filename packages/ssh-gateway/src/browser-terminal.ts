import type { Db } from "@cairn/db";
import ssh2, { type ClientChannel, type PasswordAuthMethod } from "ssh2";
import { fingerprintOfBlob } from "./public-keys.ts";
import { createTerminalTicket } from "./terminal-tickets.ts";

export interface BrowserTerminalOptions {
  db: Db;
  /** The job and its open window (the job's `ssh` field). */
  jobId: string;
  access: { host: string; port: number; hostKeyFingerprint: string };
  /** Who the web app signed in and authorized (see mayOpenShell). */
  userId: string;
  remoteAddress: string | null;
  cols: number;
  rows: number;
  onData: (data: Buffer) => void;
  /** Once, when the shell has ended (its exit code, or null when the connection dropped). */
  onExit: (code: number | null) => void;
}

export interface BrowserTerminal {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The web app's side of a browser terminal: an SSH client to the gateway of the worker
 * that holds the job, with a one-time ticket instead of a key and the host key checked
 * against the fingerprint the worker published. Everything a browser session does goes
 * through the gateway, so it is counted, limited and audited like any SSH session.
 */
export async function openBrowserTerminal(
  options: BrowserTerminalOptions,
): Promise<BrowserTerminal> {
  const ticket = await createTerminalTicket(options.db, {
    jobId: options.jobId,
    userId: options.userId,
    remoteAddress: options.remoteAddress,
  });
  const passwordAuth: PasswordAuthMethod = {
    type: "password",
    username: options.jobId,
    password: ticket,
  };
  const client = new ssh2.Client();
  const channel = await new Promise<ClientChannel>((resolve, reject) => {
    client.on("ready", () => {
      client.shell(
        { term: "xterm-256color", cols: options.cols, rows: options.rows },
        (error, stream) => (error ? reject(error) : resolve(stream)),
      );
    });
    client.on("error", reject);
    client.connect({
      host: options.access.host,
      port: options.access.port,
      username: options.jobId,
      readyTimeout: CONNECT_TIMEOUT_MS,
      hostVerifier: (key: Buffer) => fingerprintOfBlob(key) === options.access.hostKeyFingerprint,
      authHandler: [passwordAuth],
    });
  }).catch((error: unknown) => {
    client.end();
    throw error;
  });

  let exitCode: number | null = null;
  let exited = false;
  const exit = () => {
    if (exited) return;
    exited = true;
    options.onExit(exitCode);
    client.end();
  };
  channel.on("data", (data: Buffer) => options.onData(data));
  channel.stderr.on("data", (data: Buffer) => options.onData(data));
  channel.on("exit", (code: number | null) => {
    exitCode = code;
  });
  channel.on("close", exit);
  client.on("close", exit);
  client.on("error", () => exit());
  return {
    write: (data) => channel.write(data),
    resize: (cols, rows) => channel.setWindow(rows, cols, 0, 0),
    close: () => {
      channel.end();
      client.end();
    },
  };
}
