import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertUsablePrivateKey, fingerprintOf, generateDeployKey } from "./deploy-keys.ts";

const dir = mkdtempSync(join(tmpdir(), "cairn-vcs-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("generateDeployKey", () => {
  const key = generateDeployKey("cairn git/acme/app");

  it("returns an ssh-ed25519 public line with the comment and an OpenSSH private key", () => {
    expect(key.publicKey).toMatch(
      /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/]+={0,2} cairn git\/acme\/app$/,
    );
    expect(key.privateKey).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n?$/,
    );
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it("is accepted by ssh-keygen, which agrees on the fingerprint and derives the same public key", () => {
    const publicFile = join(dir, "key.pub");
    const privateFile = join(dir, "key");
    writeFileSync(publicFile, `${key.publicKey}\n`);
    writeFileSync(privateFile, key.privateKey, { mode: 0o600 });
    const listed = execFileSync("ssh-keygen", ["-l", "-f", publicFile], { encoding: "utf8" });
    expect(listed).toBe(`256 ${key.fingerprint} cairn git/acme/app (ED25519)\n`);
    const derived = execFileSync("ssh-keygen", ["-y", "-f", privateFile], { encoding: "utf8" });
    expect(derived.split(" ").slice(0, 2)).toEqual(key.publicKey.split(" ").slice(0, 2));
  });

  it("makes a different key each time", () => {
    expect(generateDeployKey("x").publicKey).not.toBe(generateDeployKey("x").publicKey);
  });

  it("refuses a comment that would break the public key line", () => {
    expect(() => generateDeployKey("a\nb")).toThrow(/printable ASCII/);
  });

  it("tells a usable private key from a broken one", () => {
    expect(() => assertUsablePrivateKey(key.privateKey)).not.toThrow();
    expect(() => assertUsablePrivateKey(key.publicKey)).toThrow(/not a usable/);
    expect(() => assertUsablePrivateKey("garbage")).toThrow(/not a usable/);
  });

  it("refuses to fingerprint something that is not a public key line", () => {
    expect(() => fingerprintOf("ssh-ed25519")).toThrow(/Not an OpenSSH public key/);
  });
});
