import type { Db } from "@cairn/db";

export interface SshSessionRecord {
  jobId: string;
  userId: string;
  /** `ssh` for an SSH client, `browser` for the job page's terminal. */
  via: "ssh" | "browser";
  remoteAddress: string | null;
  keyFingerprint?: string;
  startedAt: Date;
  endedAt: Date;
  /** What the session ran: `shell`, `exec: <command>`, `sftp`. */
  channels: string[];
}

/** One AuditEvent per session: who, on which job, from where, when and for how long. */
export async function auditSshSession(db: Db, record: SshSessionRecord): Promise<void> {
  const [job, user] = await Promise.all([
    db.job.findUnique({
      where: { id: record.jobId },
      select: {
        name: true,
        number: true,
        projectId: true,
        project: { select: { organizationId: true } },
      },
    }),
    db.user.findUnique({ where: { id: record.userId }, select: { login: true, name: true } }),
  ]);
  await db.auditEvent.create({
    data: {
      action: "job.ssh_session",
      actorId: record.userId,
      actorType: "user",
      actorName: user?.login ?? user?.name ?? null,
      targetType: "job",
      targetId: record.jobId,
      targetName: job ? `${job.name}${job.number === null ? "" : ` #${job.number}`}` : null,
      organizationId: job?.project.organizationId ?? null,
      projectId: job?.projectId ?? null,
      success: true,
      clientIp: record.remoteAddress,
      occurredAt: record.startedAt,
      metadata: {
        via: record.via,
        startedAt: record.startedAt.toISOString(),
        endedAt: record.endedAt.toISOString(),
        durationSeconds: Math.round((record.endedAt.getTime() - record.startedAt.getTime()) / 1000),
        channels: record.channels,
        ...(record.keyFingerprint ? { keyFingerprint: record.keyFingerprint } : {}),
      },
    },
  });
}
