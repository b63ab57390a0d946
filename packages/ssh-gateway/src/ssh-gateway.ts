import type { AddressInfo } from "node:net";
import { type Db, Prisma } from "@cairn/db";
import type Docker from "dockerode";
import ssh2, { type AuthContext, type Connection, type ServerChannel, type Session } from "ssh2";
import {
  type ContainerProcess,
  execCommand,
  loginShellCommand,
  type Pty,
  SFTP_SERVER_COMMAND,
  startContainerProcess,
} from "./container-process.ts";
import type { HostKey } from "./host-key.ts";
import { fingerprintOfBlob } from "./public-keys.ts";
import { auditSshSession } from "./session-audit.ts";
import { mayOpenShell } from "./shell-access.ts";
import { SshWindow } from "./ssh-window.ts";
import { consumeTerminalTicket } from "./terminal-tickets.ts";

/** CircleCI's limits: 10 minutes for a first session, 2 hours in all. */
export const DEFAULT_WINDOW_SECONDS = 600;
export const MAX_WINDOW_SECONDS = 7200;
const LOGIN_GRACE_MS = 30_000;

export interface SshGatewayOptions {
  db: Db;
  hostKey: HostKey;
  /** The host name users connect to (shown in the `ssh` command). */
  publicHost: string;
  /** The port users connect to; default the port the gateway listens on. */
  publicPort?: number;
  /** How long a window waits for a first session after the last step. */
  windowSeconds?: number;
  /** The hard end of a window. */
  maxWindowSeconds?: number;
  log?: (line: string) => void;
}

/** What the job's `ssh` field holds while its window is open. */
export interface JobSshAccess {
  host: string;
  port: number;
  /** The SSH user name: the job's id, which tells the gateway which job to enter. */
  user: string;
  command: string;
  hostKeyFingerprint: string;
  /** The window ends by then unless a session keeps it open (up to `maxExpiresAt`). */
  expiresAt: string;
  maxExpiresAt: string;
}

interface Identity {
  userId: string;
  via: "ssh" | "browser";
  remoteAddress: string | null;
  keyFingerprint?: string;
}

export interface HoldWindowOptions {
  /** The job's working directory (`~` allowed): where shells start. */
  workingDirectory: string;
  /** Lines for the job's log. */
  log: (line: string) => void;
  /** Ends the window early (cancel, worker stopping). */
  signal: AbortSignal;
}

/**
 * The worker's SSH server (ssh2). The user name picks the job (its id); a user's public
 * keys registered in Cairn, or a one-time browser-terminal ticket, prove who connects;
 * only the user who asked for the rerun with SSH and project admins get in. A session is
 * a `docker exec` in the job's primary container: a login shell with a PTY, a command,
 * or sftp-server.
 */
export class SshGateway {
  private readonly server: ssh2.Server;
  private readonly windows = new Map<string, SshWindow>();
  private listeningPort: number | undefined;

  constructor(private readonly options: SshGatewayOptions) {
    this.server = new ssh2.Server(
      { hostKeys: [options.hostKey.privateKey], ident: "Cairn" },
      (client, info) => this.onConnection(client, info.ip),
    );
    this.server.on("error", (error: Error) => this.log(`ssh gateway: ${error.message}`));
  }

  async listen(port: number, host = "0.0.0.0"): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.listeningPort = (this.server.address() as AddressInfo).port;
    return this.listeningPort;
  }

  /** Ends every window (telling its sessions) and stops listening. */
  async close(): Promise<void> {
    for (const window of this.windows.values()) window.end("the worker is stopping");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get port(): number {
    return this.options.publicPort ?? this.listeningPort ?? 0;
  }

  /**
   * Keeps a finished job's containers reachable over SSH until its window ends, with the
   * job's `ssh` field set meanwhile. The caller removes the containers afterwards.
   */
  async hold(jobId: string, container: Docker.Container, options: HoldWindowOptions) {
    const windowSeconds = this.options.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
    const maxSeconds = Math.max(windowSeconds, this.options.maxWindowSeconds ?? MAX_WINDOW_SECONDS);
    const access = (window: SshWindow, expiresAt: Date): JobSshAccess => ({
      host: this.options.publicHost,
      port: this.port,
      user: jobId,
      command: `ssh -p ${this.port} ${jobId}@${this.options.publicHost}`,
      hostKeyFingerprint: this.options.hostKey.fingerprint,
      expiresAt: expiresAt.toISOString(),
      maxExpiresAt: window.hardDeadline.toISOString(),
    });
    const setAccess = (value: JobSshAccess | null) =>
      this.options.db.job.update({
        where: { id: jobId },
        data: { ssh: value === null ? Prisma.DbNull : { ...value } },
      });
    const window: SshWindow = new SshWindow(
      jobId,
      container,
      options.workingDirectory,
      { idleMs: windowSeconds * 1000, maxMs: maxSeconds * 1000 },
      // While sessions are open the window lasts up to its hard end.
      () => void setAccess(access(window, window.hardDeadline)).catch(() => undefined),
    );
    this.windows.set(jobId, window);
    const onAbort = () => window.end("the job was stopped");
    options.signal.addEventListener("abort", onAbort, { once: true });
    if (options.signal.aborted) onAbort();
    try {
      const open = access(window, window.idleDeadline);
      await setAccess(open);
      options.log(
        [
          "This job's containers stay up for SSH until the last session ends",
          `(${formatMinutes(windowSeconds)} if nobody connects, at most ${formatMinutes(maxSeconds)}).`,
          "Connect with one of the SSH keys in your Cairn settings:",
          "",
          `    ${open.command}`,
          "",
          `Host key fingerprint: ${open.hostKeyFingerprint}`,
          "Secrets (environment variables, contexts) are visible inside the container.",
        ].join("\n"),
      );
      const reason = await window.done;
      options.log(`The SSH window ended: ${reason}.`);
    } finally {
      options.signal.removeEventListener("abort", onAbort);
      window.end("the job ended");
      this.windows.delete(jobId);
      await setAccess(null).catch(() => undefined);
    }
  }

  private onConnection(client: Connection, remoteAddress: string) {
    let identity: Identity | undefined;
    let window: SshWindow | undefined;
    // Like sshd's LoginGraceTime: a connection that does not sign in soon is dropped.
    const grace = setTimeout(() => client.end(), LOGIN_GRACE_MS);
    client.on("close", () => clearTimeout(grace));
    client.on("authentication", (context) => {
      this.authenticate(context, remoteAddress).then(
        (result) => {
          if (!result) return context.reject(["publickey"]);
          identity = result.identity;
          window = result.window;
          context.accept();
        },
        (error: unknown) => {
          this.log(`ssh authentication failed: ${error instanceof Error ? error.message : error}`);
          context.reject(["publickey"]);
        },
      );
    });
    client.on("error", () => undefined);
    client.on("ready", () => {
      clearTimeout(grace);
      if (!identity || !window) return client.end();
      this.serve(client, window, identity);
    });
  }

  /** Null for anything but a permitted user of an open window on this worker. */
  private async authenticate(
    context: AuthContext,
    remoteAddress: string,
  ): Promise<{ identity: Identity; window: SshWindow } | null> {
    const window = this.windows.get(context.username);
    if (!window?.isOpen) return null;
    const { db } = this.options;
    if (context.method === "publickey") {
      const fingerprint = fingerprintOfBlob(context.key.data);
      const keys = await db.sshKey.findMany({ where: { fingerprint } });
      for (const key of keys) {
        if (!(await mayOpenShell(db, key.userId, window.jobId))) continue;
        const parsed = ssh2.utils.parseKey(key.publicKey);
        if (parsed instanceof Error || Array.isArray(parsed)) continue;
        // Without a signature the client only asks whether this key would do.
        if (!context.signature || !context.blob) {
          return { identity: { userId: key.userId, via: "ssh", remoteAddress }, window };
        }
        if (parsed.verify(context.blob, context.signature, context.hashAlgo) !== true) return null;
        return {
          identity: { userId: key.userId, via: "ssh", remoteAddress, keyFingerprint: fingerprint },
          window,
        };
      }
      return null;
    }
    if (context.method === "password") {
      const ticket = await consumeTerminalTicket(db, context.password);
      if (!ticket || ticket.jobId !== window.jobId) return null;
      if (!(await mayOpenShell(db, ticket.userId, window.jobId))) return null;
      return {
        identity: { userId: ticket.userId, via: "browser", remoteAddress: ticket.remoteAddress },
        window,
      };
    }
    return null;
  }

  private serve(client: Connection, window: SshWindow, identity: Identity) {
    const startedAt = new Date();
    const channels: string[] = [];
    const open = new Set<{ channel: ServerChannel; pty: boolean; process?: ContainerProcess }>();
    const detach = window.attach({
      close: (message) => {
        for (const entry of open) {
          const text = `\r\n${message}\r\n`;
          if (entry.pty) entry.channel.write(text);
          else entry.channel.stderr.write(`${message}\n`);
          entry.process?.detach();
          entry.channel.exit(255);
          entry.channel.end();
        }
        setTimeout(() => client.end(), 100);
      },
    });
    client.on("close", () => {
      detach();
      for (const entry of open) entry.process?.detach();
      auditSshSession(this.options.db, {
        jobId: window.jobId,
        ...identity,
        startedAt,
        endedAt: new Date(),
        channels,
      }).catch((error: unknown) =>
        this.log(`ssh session audit failed: ${error instanceof Error ? error.message : error}`),
      );
    });
    client.on("session", (acceptSession) => {
      const session: Session = acceptSession();
      let pty: Pty | undefined;
      let current: { process?: ContainerProcess } | undefined;
      const run = (
        channel: ServerChannel,
        cmd: string[],
        withPty: Pty | undefined,
        label: string,
      ) => {
        channels.push(label);
        const entry: { channel: ServerChannel; pty: boolean; process?: ContainerProcess } = {
          channel,
          pty: withPty !== undefined,
        };
        open.add(entry);
        current = entry;
        channel.on("close", () => open.delete(entry));
        startContainerProcess(window.container, channel, cmd, withPty).then(
          async (process) => {
            entry.process = process;
            const code = await process.exited;
            if (!open.has(entry)) return;
            open.delete(entry);
            channel.exit(code ?? 255);
            channel.end();
          },
          (error: unknown) => {
            open.delete(entry);
            channel.stderr.write(
              `Cannot start a process in the job's container: ${error instanceof Error ? error.message : error}\n`,
            );
            channel.exit(255);
            channel.end();
          },
        );
      };
      session.on("pty", (accept, _reject, info) => {
        pty = { term: info.term, cols: info.cols, rows: info.rows };
        accept?.();
      });
      session.on("window-change", (accept, _reject, info) => {
        if (pty) pty = { ...pty, cols: info.cols, rows: info.rows };
        current?.process?.resize({ cols: info.cols, rows: info.rows });
        accept?.();
      });
      session.on("env", (accept) => accept?.());
      session.on("shell", (accept) => {
        run(accept(), loginShellCommand(window.workingDirectory), pty, "shell");
      });
      session.on("exec", (accept, _reject, info) => {
        run(
          accept(),
          execCommand(window.workingDirectory, info.command),
          pty,
          `exec: ${info.command.slice(0, 200)}`,
        );
      });
      session.on("subsystem", (accept, reject, info) => {
        if (info.name !== "sftp") return reject?.();
        run(accept(), SFTP_SERVER_COMMAND, undefined, "sftp");
      });
    });
  }

  private log(line: string) {
    this.options.log?.(line);
  }
}

const formatMinutes = (seconds: number) =>
  seconds % 3600 === 0
    ? `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`
    : seconds % 60 === 0
      ? `${seconds / 60} minutes`
      : `${seconds} seconds`;
