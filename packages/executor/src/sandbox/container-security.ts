import type { ResourceLimits } from "../resources/resource-class.ts";
import jobSeccompProfile from "./seccomp/job-seccomp-profile.json" with { type: "json" };

/**
 * Docker's default seccomp profile (as shipped by docker 20.10) with `clone`, `setns` and
 * `unshare` allowed whatever the flags, as CircleCI does: Docker allows them only with
 * CAP_SYS_ADMIN, which jobs never get, so tools that make namespaces (rootless builders,
 * sandboxed browsers, `unshare`) would fail. Everything else the default blocks stays blocked
 * (mount, keyctl, bpf, …). Sent inline, so the engine host needs no file.
 */
export const JOB_SECCOMP_OPT = `seccomp=${JSON.stringify(jobSeccompProfile)}`;

/**
 * The capabilities a job keeps after `CapDrop: ALL`: what package managers, sudo-style user
 * switching and chown-heavy builds need, and nothing that reaches beyond the container.
 * Docker's default set also has MKNOD, NET_RAW, SETFCAP and SETPCAP: they are dropped
 * (device nodes, raw packets/ARP spoofing on the bridge, file capabilities and capability
 * juggling are not needed to build software).
 */
export const JOB_CAPABILITIES = [
  // dpkg/apt, npm and `chown -R` in builds hand files to other users.
  "CHOWN",
  // root acting on files it does not own (apt's _apt sandbox, root in a circleci-owned tree).
  "DAC_OVERRIDE",
  // chmod/utime on files owned by others (tar and dpkg restoring modes and times).
  "FOWNER",
  // keep setuid/setgid bits when dpkg installs or modifies such files.
  "FSETID",
  // signal processes of other users: stopping a step whose processes switched user.
  "KILL",
  // switch group/user: su, apt dropping to _apt, services dropping to their own user.
  "SETGID",
  "SETUID",
  // services listening below port 1024 (nginx on 80).
  "NET_BIND_SERVICE",
  // chroot: dpkg maintainer scripts, sshd privilege separation, debootstrap in builds.
  "SYS_CHROOT",
  // su/sudo/sshd write audit records and fail or complain without it.
  "AUDIT_WRITE",
] as const;

/** HostConfig fields shared by every container of a job. */
export function sandboxHostConfig(resources: ResourceLimits) {
  return {
    CapDrop: ["ALL"],
    CapAdd: [...JOB_CAPABILITIES],
    // setuid binaries gain nothing: a build cannot escalate beyond the user it runs as.
    SecurityOpt: ["no-new-privileges", JOB_SECCOMP_OPT],
    Privileged: false,
    PidsLimit: resources.pidsLimit,
    Memory: resources.memoryBytes,
    // Same as Memory: no swap, so an over-eager process is stopped instead of thrashing.
    MemorySwap: resources.memoryBytes,
    NanoCpus: Math.round(resources.cpus * 1e9),
    // Nothing from the host is mounted: in particular no Docker socket.
    Binds: [],
    Mounts: [],
    AutoRemove: false,
  };
}
