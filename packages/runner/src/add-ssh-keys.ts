import { createHash } from "node:crypto";
import { decryptDeployKey } from "@cairn/api/worker";
import type { PlanStep } from "@cairn/config";
import type { Project } from "@cairn/db";
import type { JobSandbox } from "@cairn/executor";
import type { RunnerDependencies } from "./run-job.ts";

type AddSshKeysStep = Extract<PlanStep, { kind: "add_ssh_keys" }>;

interface ProjectKey {
  /** CircleCI shows MD5 fingerprints (`aa:bb:…`); Cairn shows `SHA256:…`. Both select. */
  fingerprints: string[];
  fileName: string;
  privateKey: string;
}

/** `aa:bb:…`, the MD5 form of an OpenSSH public key line's fingerprint. */
function md5Fingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.trim().split(/\s+/)[1] ?? "", "base64");
  return (createHash("md5").update(blob).digest("hex").match(/../g) ?? []).join(":");
}

async function projectKeys(
  deps: RunnerDependencies,
  project: Pick<Project, "deployKeyCiphertext" | "deployKeyPublic" | "deployKeyFingerprint">,
): Promise<ProjectKey[]> {
  const privateKey = await decryptDeployKey(deps, project);
  if (!privateKey || !project.deployKeyPublic || !project.deployKeyFingerprint) return [];
  const md5 = md5Fingerprint(project.deployKeyPublic);
  return [
    {
      fingerprints: [project.deployKeyFingerprint, md5],
      fileName: `id_rsa_${md5.replaceAll(":", "")}`,
      privateKey,
    },
  ];
}

/**
 * `add_ssh_keys`: puts the project's keys (today its deploy key, which `checkout` never
 * lets into the container) in `~/.ssh` with an `IdentityFile` line each in
 * `~/.ssh/config`, as CircleCI names them. Listed fingerprints select keys; a fingerprint
 * the project does not have fails the step, naming the ones it has.
 */
export async function addSshKeys(
  deps: RunnerDependencies,
  project: Pick<Project, "deployKeyCiphertext" | "deployKeyPublic" | "deployKeyFingerprint">,
  sandbox: JobSandbox,
  step: AddSshKeysStep,
  write: (text: string) => void,
): Promise<void> {
  const keys = await projectKeys(deps, project);
  const unknown = step.fingerprints.filter(
    (wanted) => !keys.some((key) => key.fingerprints.includes(wanted)),
  );
  if (unknown.length > 0) {
    const known = keys.map((key) => key.fingerprints.join(" / ")).join(", ") || "none";
    throw new Error(
      `add_ssh_keys: this project has no key with fingerprint ${unknown.join(", ")} (its keys: ${known}).`,
    );
  }
  const chosen =
    step.fingerprints.length === 0
      ? keys
      : keys.filter((key) => key.fingerprints.some((f) => step.fingerprints.includes(f)));
  if (chosen.length === 0) {
    write("add_ssh_keys: this project has no SSH keys; nothing to add.");
    return;
  }
  // The keys travel as environment variables of this one exec, never in the command text
  // or the log.
  const environment: Record<string, string> = {};
  const lines = ["set -e", "umask 077", 'mkdir -p "$HOME/.ssh"', 'chmod 700 "$HOME/.ssh"'];
  for (const [index, key] of chosen.entries()) {
    environment[`CAIRN_SSH_KEY_${index}`] = key.privateKey;
    const path = `"$HOME/.ssh/${key.fileName}"`;
    lines.push(
      `printf '%s\\n' "$CAIRN_SSH_KEY_${index}" > ${path}`,
      `grep -qxF 'IdentityFile ~/.ssh/${key.fileName}' "$HOME/.ssh/config" 2>/dev/null || ` +
        `printf 'IdentityFile ~/.ssh/${key.fileName}\\n' >> "$HOME/.ssh/config"`,
      `echo "Added ${key.fingerprints[0]} as ~/.ssh/${key.fileName}"`,
    );
  }
  const result = await sandbox.runStep(
    {
      command: lines.join("\n"),
      shell: "/bin/sh -e",
      environment,
      background: false,
      noOutputTimeoutMs: 60_000,
    },
    { onOutput: (data) => write(data.toString().trimEnd()) },
  );
  if (result.exitCode !== 0) {
    throw new Error(`add_ssh_keys: writing the keys failed (exit ${result.exitCode}).`);
  }
}
