import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidPublicKeyError, parsePublicKey } from "./public-keys.ts";

const dir = mkdtempSync(join(tmpdir(), "cairn-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let made = 0;

function keyPair(type: "ed25519" | "rsa" | "ecdsa") {
  made += 1;
  const path = join(dir, `id_${type}_${made}`);
  execFileSync("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "me@example.test", "-f", path]);
  const fingerprint = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${path}.pub`], {
    encoding: "utf8",
  }).split(" ")[1];
  return {
    publicKey: readFileSync(`${path}.pub`, "utf8"),
    privateKey: readFileSync(path, "utf8"),
    fingerprint,
  };
}

describe("parsePublicKey", () => {
  it.each(["ed25519", "rsa", "ecdsa"] as const)(
    "reads an OpenSSH %s key and agrees with ssh-keygen on its fingerprint",
    (type) => {
      const pair = keyPair(type);
      const parsed = parsePublicKey(`  ${pair.publicKey}  `);
      expect(parsed.fingerprint).toBe(pair.fingerprint);
      expect(pair.publicKey.startsWith(parsed.publicKey)).toBe(true);
      expect(parsed.publicKey).not.toContain("me@example.test");
    },
  );

  it("refuses private keys, garbage, several keys and empty input with a clear message", () => {
    const pair = keyPair("ed25519");
    expect(() => parsePublicKey(pair.privateKey)).toThrow(/private key/);
    expect(() => parsePublicKey("ssh-ed25519 not-base64!")).toThrow(InvalidPublicKeyError);
    expect(() => parsePublicKey("hello")).toThrow(/Not an OpenSSH public key/);
    expect(() => parsePublicKey(`${pair.publicKey}\n${pair.publicKey}`)).toThrow(/one key/);
    expect(() => parsePublicKey("   ")).toThrow(/empty/);
    expect(() => parsePublicKey(`ssh-ed25519 ${"A".repeat(20_000)}`)).toThrow(/too long/);
  });
});
