import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { FirewallError } from "../errors.ts";
import { BRIDGE_PREFIX } from "../sandbox/labels.ts";

const run = promisify(execFile);

/** Chain for traffic from job networks to the host itself (hooked into INPUT). */
export const INPUT_CHAIN = "CAIRN-JOBS";
/** Chain for traffic from job networks through the host (hooked into DOCKER-USER). */
export const FORWARD_CHAIN = "CAIRN-JOBS-FWD";
const JOB_INTERFACES = `${BRIDGE_PREFIX}+`;
const METADATA_ADDRESS = "169.254.169.254";

/** The rules, in order; `installFirewall` writes exactly these (see the README). */
export const FIREWALL_RULES: Readonly<Record<string, string[][]>> = {
  [INPUT_CHAIN]: [
    // Replies to connections the host opened into a job (and ICMP errors) still come back.
    ["-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"],
    // DNS to a resolver on the host, for engines whose containers use it directly.
    ["-p", "udp", "--dport", "53", "-j", "ACCEPT"],
    ["-p", "tcp", "--dport", "53", "-j", "ACCEPT"],
    // Everything else addressed to the host (any of its addresses, any port) is dropped.
    ["-j", "DROP"],
  ],
  [FORWARD_CHAIN]: [
    // Cloud metadata services hand out credentials.
    ["-d", METADATA_ADDRESS, "-j", "DROP"],
    // One job's bridge to another's (Docker's isolation chains drop it too; this does not
    // depend on them). A job has one container on its bridge, so this never cuts a job off itself.
    ["-o", JOB_INTERFACES, "-j", "DROP"],
    ["-j", "RETURN"],
  ],
};

type Iptables = (args: string[]) => Promise<void>;

/**
 * Installs (or re-installs) the host firewall for job networks: idempotent, so the worker
 * calls it at every start. Needs root and iptables on the Docker host (the worker must run
 * beside its engine). Throws FirewallError with what to do when it cannot.
 */
export async function installFirewall(iptables: Iptables = runIptables): Promise<void> {
  await checkIptables();
  for (const [chain, rules] of Object.entries(FIREWALL_RULES)) {
    // -N fails when the chain exists: then just empty it.
    await iptables(["-N", chain]).catch(() => iptables(["-F", chain]));
    for (const rule of rules) await iptables(["-A", chain, ...rule]);
  }
  await ensureJump(iptables, "INPUT", ["-i", JOB_INTERFACES, "-j", INPUT_CHAIN]);
  // DOCKER-USER runs before Docker's own FORWARD rules and survives engine restarts.
  await iptables(["-N", "DOCKER-USER"]).catch(() => {});
  await ensureJump(iptables, "DOCKER-USER", ["-i", JOB_INTERFACES, "-j", FORWARD_CHAIN]);
}

/** Removes the rules installFirewall added (for tests and uninstalling). */
export async function removeFirewall(iptables: Iptables = runIptables): Promise<void> {
  await checkIptables();
  const jumps: [string, string[]][] = [
    ["INPUT", ["-i", JOB_INTERFACES, "-j", INPUT_CHAIN]],
    ["DOCKER-USER", ["-i", JOB_INTERFACES, "-j", FORWARD_CHAIN]],
  ];
  for (const [chain, rule] of jumps) {
    while (
      await iptables(["-D", chain, ...rule]).then(
        () => true,
        () => false,
      )
    ) {}
  }
  for (const chain of Object.keys(FIREWALL_RULES)) {
    await iptables(["-F", chain]).catch(() => {});
    await iptables(["-X", chain]).catch(() => {});
  }
}

/** True when the jumps into Cairn's chains are in place. */
export async function isFirewallInstalled(iptables: Iptables = runIptables): Promise<boolean> {
  try {
    await iptables(["-C", "INPUT", "-i", JOB_INTERFACES, "-j", INPUT_CHAIN]);
    await iptables(["-C", "DOCKER-USER", "-i", JOB_INTERFACES, "-j", FORWARD_CHAIN]);
    return true;
  } catch {
    return false;
  }
}

async function ensureJump(iptables: Iptables, chain: string, rule: string[]) {
  const present = await iptables(["-C", chain, ...rule]).then(
    () => true,
    () => false,
  );
  if (!present) await iptables(["-I", chain, "1", ...rule]);
}

async function checkIptables() {
  try {
    await run("iptables", ["--version"]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new FirewallError(
        "iptables is not installed on the Docker host; install it (Debian/Ubuntu: apt-get install iptables) — job networks must not reach the host's services",
      );
    }
    throw new FirewallError(`iptables does not work: ${(error as Error).message}`);
  }
}

async function runIptables(args: string[]): Promise<void> {
  try {
    // -w: wait for the xtables lock instead of failing when Docker holds it.
    await run("iptables", ["-w", "5", ...args]);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
    if (/Permission denied|must be root/i.test(stderr)) {
      throw new FirewallError(
        "installing the job firewall needs root (iptables: permission denied)",
      );
    }
    throw new FirewallError(`iptables ${args.join(" ")}: ${stderr || (error as Error).message}`);
  }
}
