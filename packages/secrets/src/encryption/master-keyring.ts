import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { SecretsBackendError } from "./cipher.ts";

const KEY_BYTES = 32;

/** Local master keys by version; the highest version encrypts. */
export type MasterKeyring = ReadonlyMap<number, Buffer>;

/** Where a local cipher gets its master keys; a file source can also add and retire versions. */
export interface MasterKeySource {
  /** Where the keys come from, for messages (never the keys). */
  readonly description: string;
  /** The keys as they are now (a file source re-reads a file that changed). */
  load(): MasterKeyring;
  /** Adds a new random version and returns the keyring with it. */
  addVersion?(): MasterKeyring;
  /** Drops every version but the current one. */
  retireOlderVersions?(): MasterKeyring;
}

/**
 * Reads a keyring: either one base64 key (version 1, as `npm start` first writes it) or
 * `<version>:<base64>` entries separated by newlines, commas or spaces.
 */
export function parseMasterKeyring(text: string, origin: string): MasterKeyring {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) throw new SecretsBackendError(`${origin}: no master key in it`);
  const keyring = new Map<number, Buffer>();
  for (const entry of entries) {
    const match = /^(?:v?(\d+):)?([A-Za-z0-9+/=_-]+)$/.exec(entry);
    const version = Number(match?.[1] ?? (entries.length === 1 ? 1 : Number.NaN));
    const key = match ? Buffer.from(match[2]!, "base64") : Buffer.alloc(0);
    if (!Number.isInteger(version) || version < 1 || key.length !== KEY_BYTES) {
      throw new SecretsBackendError(
        `${origin}: each master key must be base64 of 32 random bytes, written as <version>:<base64> when there are several`,
      );
    }
    if (keyring.has(version)) throw new SecretsBackendError(`${origin}: version ${version} twice`);
    keyring.set(version, key);
  }
  return keyring;
}

export function formatMasterKeyring(keyring: MasterKeyring): string {
  const lines = [...keyring].sort(([a], [b]) => a - b);
  return `${lines.map(([version, key]) => `${version}:${key.toString("base64")}`).join("\n")}\n`;
}

export const currentVersion = (keyring: MasterKeyring): number => Math.max(...keyring.keys());

/** Keys given in a setting (CAIRN_MASTER_KEY): read-only, rotated by editing the setting. */
export class StaticMasterKeySource implements MasterKeySource {
  readonly description = "CAIRN_MASTER_KEY";
  private readonly keyring: MasterKeyring;

  constructor(text: string) {
    this.keyring = parseMasterKeyring(text, this.description);
  }

  load(): MasterKeyring {
    return this.keyring;
  }
}

/** Keys in a file (mode 0600) that `cairn secrets rotate` extends and running apps re-read. */
export class FileMasterKeySource implements MasterKeySource {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `master key file ${path}`;
  }

  private cached: { stamp: string; keyring: MasterKeyring } | undefined;

  /** Cheap when the file is unchanged (one stat), so a cipher may call it before each use. */
  load(): MasterKeyring {
    const stamp = this.stamp();
    if (this.cached?.stamp !== stamp) this.cached = { stamp, keyring: this.read() };
    return this.cached.keyring;
  }

  private stamp(): string {
    try {
      const { mtimeMs, size, ino } = statSync(this.path);
      return `${mtimeMs}:${size}:${ino}`;
    } catch {
      return "";
    }
  }

  private read(): MasterKeyring {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      throw new SecretsBackendError(
        `cannot read the ${this.description}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
      );
    }
    return parseMasterKeyring(text, this.description);
  }

  addVersion(): MasterKeyring {
    const keyring = new Map(this.read());
    keyring.set(currentVersion(keyring) + 1, randomBytes(KEY_BYTES));
    this.save(keyring);
    return keyring;
  }

  retireOlderVersions(): MasterKeyring {
    const keyring = this.read();
    const current = currentVersion(keyring);
    const kept = new Map([[current, keyring.get(current)!]]);
    this.save(kept);
    return kept;
  }

  /** Writes a new file beside the old one and renames it, so a reader never sees half a file. */
  private save(keyring: MasterKeyring): void {
    const next = `${this.path}.${process.pid}.tmp`;
    writeFileSync(next, formatMasterKeyring(keyring), { mode: 0o600 });
    chmodSync(next, 0o600);
    renameSync(next, this.path);
  }
}
