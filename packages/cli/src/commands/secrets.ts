import { parseArgs } from "node:util";
import { createDb } from "@cairn/db";
import {
  createSecretCipher,
  DecryptionError,
  FileMasterKeySource,
  masterKeyFileOf,
  rewrapStoredSecrets,
  rotateSecrets,
  SecretsBackendError,
  type TSecretsSettings,
} from "@cairn/secrets";
import type { CliIO, CommandGroup } from "../command.ts";

const USAGE = `Usage:
  cairn secrets rotate [--rewrap-only] [--retire-old-keys]

Makes a new key version (a new local master key in the key file, or a new version of the
Vault transit key) and rewraps every stored secret to it while Cairn keeps running.
  --rewrap-only      only rewrap to the current version (e.g. after CAIRN_MASTER_KEY was
                     given a new <version>:<base64> entry, or after switching to vault)
  --retire-old-keys  then remove older versions from the master key file, once no
                     stored secret needs them
Run it on the server: it reads DATABASE_URL and the same secrets settings as the apps.
`;

type TSecretsEnv = TSecretsSettings & { DATABASE_URL?: string | undefined };

export const secretsCommands: CommandGroup = {
  name: "secrets",
  summary: "rotate the key that encrypts stored secrets",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "rotate") return rotate(rest, io, process.env as TSecretsEnv);
    io.stderr(sub === undefined ? USAGE : `cairn secrets: unknown subcommand '${sub}'\n\n${USAGE}`);
    return 2;
  },
};

export async function rotate(args: string[], io: CliIO, env: TSecretsEnv): Promise<number> {
  let values: { "rewrap-only"?: boolean; "retire-old-keys"?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { "rewrap-only": { type: "boolean" }, "retire-old-keys": { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`cairn secrets rotate: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!env.DATABASE_URL) {
    io.stderr("cairn secrets rotate: DATABASE_URL is not set (run this on the Cairn server).\n");
    return 2;
  }
  const backend = env.CAIRN_SECRETS_BACKEND;
  if (backend !== undefined && backend !== "local" && backend !== "vault") {
    io.stderr("cairn secrets rotate: CAIRN_SECRETS_BACKEND must be local or vault.\n");
    return 2;
  }
  const keyFile = masterKeyFileOf(env);
  if (values["retire-old-keys"] && (backend === "vault" || !keyFile)) {
    io.stderr(
      "cairn secrets rotate: --retire-old-keys works on a local master key file only (for Vault, raise the key's min_decryption_version).\n",
    );
    return 2;
  }

  const db = createDb(env.DATABASE_URL);
  try {
    const cipher = createSecretCipher(env);
    const report = await rotateSecrets(db, cipher, { rewrapOnly: values["rewrap-only"] ?? false });
    if (report.keyVersion !== undefined) io.stdout(`new key version: ${report.keyVersion}\n`);
    for (const column of report.columns) {
      io.stdout(
        `${column.column}: ${column.rewrapped} rewrapped, ${column.alreadyCurrent} already current${column.failed.length ? `, ${column.failed.length} unreadable (ids: ${column.failed.join(", ")})` : ""}\n`,
      );
    }
    if (report.failed > 0) {
      io.stderr(
        `cairn secrets rotate: ${report.failed} secrets could not be read with the configured keys; they keep their old version.\n`,
      );
      return 1;
    }
    if (values["retire-old-keys"] && keyFile) {
      // Secrets saved by running apps during the pass may still carry the old version.
      const recheck = await rewrapStoredSecrets(db, cipher);
      if (recheck.some((column) => column.failed.length > 0)) {
        io.stderr("cairn secrets rotate: some secrets still need the old keys; none retired.\n");
        return 1;
      }
      const kept = new FileMasterKeySource(keyFile).retireOlderVersions();
      io.stdout(`older master keys removed from ${keyFile}; kept version ${[...kept.keys()][0]}\n`);
    }
    return 0;
  } catch (error) {
    const known = error instanceof SecretsBackendError || error instanceof DecryptionError;
    const reason = known
      ? error.message
      : `cannot reach the database: ${(error as Error).message.split("\n")[0]}`;
    io.stderr(`cairn secrets rotate: ${reason}\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}
