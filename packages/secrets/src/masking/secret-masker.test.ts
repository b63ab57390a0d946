import { Readable } from "node:stream";
import { buffer as collect } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { createMaskingTransform } from "./masking-transform.ts";
import { SecretMasker } from "./secret-masker.ts";

const SECRET = "s3cr3t-Tok€n-value";

function streamThrough(masker: SecretMasker, pieces: Buffer[]): Buffer {
  const out = pieces.map((piece) => masker.write(piece));
  out.push(masker.flush());
  return Buffer.concat(out);
}

describe("SecretMasker", () => {
  it("masks a secret in one piece of output", () => {
    const masker = new SecretMasker([SECRET]);
    expect(masker.mask(Buffer.from(`token=${SECRET}; again ${SECRET}\n`)).toString()).toBe(
      "token=****; again ****\n",
    );
  });

  it("masks a secret split across two writes at every byte offset", () => {
    const text = Buffer.from(`before ${SECRET} after\n`);
    for (let split = 0; split <= text.length; split++) {
      const masker = new SecretMasker([SECRET, "other-secret"]);
      const out = streamThrough(masker, [text.subarray(0, split), text.subarray(split)]);
      expect(out.toString(), `split at ${split}`).toBe("before **** after\n");
    }
  });

  it("masks a secret arriving one byte at a time", () => {
    const masker = new SecretMasker([SECRET]);
    const text = Buffer.from(`x${SECRET}y${SECRET}`);
    const pieces = [...text].map((byte) => Buffer.from([byte]));
    expect(streamThrough(masker, pieces).toString()).toBe("x****y****");
  });

  it("does not hold back output that cannot start a secret", () => {
    const masker = new SecretMasker([SECRET]);
    expect(masker.write(Buffer.from("plain line\n")).toString()).toBe("plain line\n");
    expect(masker.heldBytes).toBe(0);
    expect(masker.write(Buffer.from("ends with s3c")).toString()).toBe("ends with ");
    expect(masker.heldBytes).toBe(3);
    expect(masker.write(Buffer.from("ond")).toString()).toBe("s3cond");
    expect(masker.write(Buffer.from("s3cr")).toString()).toBe("");
    expect(masker.flush().toString()).toBe("s3cr");
  });

  it("masks each line of a multi-line secret", () => {
    const key =
      "-----BEGIN KEY-----\nMIIEowIBAAKCAQEA\r\nq2lkZXNlY3JldA==\n     \n-----END KEY-----";
    const masker = new SecretMasker([key]);
    const crlf = key.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n");
    const out = masker.mask(Buffer.from(`${crlf}\nline MIIEowIBAAKCAQEA alone\n`)).toString();
    expect(out).toBe("****\r\n****\r\n****\r\n     \r\n****\nline **** alone\n");
  });

  it("masks the base64 and URL-encoded forms", () => {
    const secret = "p@ss word/with+chars";
    const base64 = Buffer.from(secret).toString("base64");
    const masker = new SecretMasker([secret]);
    const out = masker.mask(Buffer.from(`b64=${base64} url=${encodeURIComponent(secret)}`));
    expect(out.toString()).toBe("b64=**** url=****");
  });

  it("masks each line of a long secret's wrapped base64", () => {
    const secret = "x".repeat(100);
    const wrapped = Buffer.from(secret).toString("base64").replace(/.{76}/g, "$&\n");
    const masker = new SecretMasker([secret]);
    expect(masker.mask(Buffer.from(wrapped)).toString()).toBe("****\n****");
  });

  it("leaves short values and booleans alone, as CircleCI does", () => {
    const masker = new SecretMasker(["abc", "true", "False", "", "1234"]);
    expect(masker.isEmpty).toBe(false);
    expect(masker.mask(Buffer.from("abc true False 1234")).toString()).toBe("abc true False ****");
    expect(new SecretMasker(["abc", "TRUE", "      "]).isEmpty).toBe(true);
  });

  it("merges overlapping secrets into one mask", () => {
    const masker = new SecretMasker(["abcdef", "defghi"]);
    expect(masker.mask(Buffer.from("xxabcdefghiyy")).toString()).toBe("xx****yy");
  });

  it("passes binary output and invalid UTF-8 through byte for byte", () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80, 0xe2, 0x82]);
    const secretBytes = Buffer.from(SECRET);
    const text = Buffer.concat([binary, secretBytes, binary]);
    const masker = new SecretMasker([SECRET]);
    for (let split = 0; split <= text.length; split++) {
      const out = streamThrough(masker, [text.subarray(0, split), text.subarray(split)]);
      expect(out, `split at ${split}`).toEqual(
        Buffer.concat([binary, Buffer.from("****"), binary]),
      );
    }
  });

  it("never corrupts a multi-byte character split across writes", () => {
    const text = Buffer.from("€uro ✓ 𝄞 done s3cr");
    const masker = new SecretMasker([SECRET]);
    for (let split = 0; split <= text.length; split++) {
      const out = streamThrough(masker, [text.subarray(0, split), text.subarray(split)]);
      expect(out).toEqual(text);
    }
  });

  it("works as a stream transform", async () => {
    const pieces = ["one s3cr3t-To", "k€n-value two ", "s3cr3t-Tok€n-val"].map((s) =>
      Buffer.from(s),
    );
    const out = await collect(
      Readable.from(pieces).pipe(createMaskingTransform(new SecretMasker([SECRET]))),
    );
    expect(out.toString()).toBe("one **** two s3cr3t-Tok€n-val");
  });
});
