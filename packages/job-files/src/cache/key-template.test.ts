import { describe, expect, it } from "vitest";
import { JobFilesError } from "../errors.ts";
import {
  archKey,
  assertCacheKeyLength,
  type KeyTemplateValues,
  renderKeyTemplate,
} from "./key-template.ts";

const values: KeyTemplateValues = {
  branch: "feature/x",
  buildNum: 42,
  revision: "0123abc",
  checkoutKey: "SHA256:deploykey",
  environment: { NODE_VERSION: "20", EMPTY: "" },
  arch: "arch1-linux-amd64",
  now: () => new Date("2024-01-02T03:04:05Z"),
};

const noChecksum = async (path: string): Promise<string> => {
  throw new Error(`unexpected checksum of ${path}`);
};

describe("renderKeyTemplate", () => {
  it("renders the job values CircleCI offers", async () => {
    const key = await renderKeyTemplate(
      "v1-{{ .Branch }}-{{ .BuildNum }}-{{ .Revision }}-{{ .CheckoutKey }}-{{ epoch }}-{{ arch }}",
      values,
      noChecksum,
    );
    expect(key).toBe("v1-feature/x-42-0123abc-SHA256:deploykey-1704164645-arch1-linux-amd64");
  });

  it("accepts Go's spacing variants and trim markers", async () => {
    expect(await renderKeyTemplate("a-{{.Branch}}-{{- .BuildNum -}}", values, noChecksum)).toBe(
      "a-feature/x-42",
    );
  });

  it("reads the environment, printing Go's <no value> for a missing variable", async () => {
    const key = await renderKeyTemplate(
      "{{ .Environment.NODE_VERSION }}|{{ .Environment.EMPTY }}|{{ .Environment.MISSING }}",
      values,
      noChecksum,
    );
    expect(key).toBe("20||<no value>");
  });

  it("hashes files with the checksum function, in order, with quoted paths", async () => {
    const asked: string[] = [];
    const checksum = async (path: string) => {
      asked.push(path);
      return `sum(${path})`;
    };
    const key = await renderKeyTemplate(
      'deps-{{ checksum "package-lock.json" }}-{{ checksum `yarn.lock` }}-{{ checksum "a \\"b\\"" }}',
      values,
      checksum,
    );
    expect(key).toBe('deps-sum(package-lock.json)-sum(yarn.lock)-sum(a "b")');
    expect(asked).toEqual(["package-lock.json", "yarn.lock", 'a "b"']);
  });

  it("propagates a checksum failure (e.g. a missing file)", async () => {
    const failing = async () => {
      throw new JobFilesError("no such file or directory: /root/project/package-lock.json");
    };
    await expect(
      renderKeyTemplate('x-{{ checksum "package-lock.json" }}', values, failing),
    ).rejects.toThrow("no such file or directory: /root/project/package-lock.json");
  });

  it("rejects unknown actions and unbalanced braces with a clear error", async () => {
    await expect(renderKeyTemplate("v1-{{ .Brnch }}", values, noChecksum)).rejects.toThrow(
      /unknown template action \{\{ \.Brnch \}\}/,
    );
    await expect(renderKeyTemplate("v1-{{ .Branch ", values, noChecksum)).rejects.toThrow(
      /unbalanced/,
    );
  });

  it("leaves text without actions unchanged", async () => {
    expect(await renderKeyTemplate("plain-key_1.2", values, noChecksum)).toBe("plain-key_1.2");
  });
});

describe("assertCacheKeyLength", () => {
  it("allows 900 characters and refuses 901 or an empty key", () => {
    expect(() => assertCacheKeyLength("k".repeat(900))).not.toThrow();
    expect(() => assertCacheKeyLength("k".repeat(901))).toThrow(
      /901 characters long; the limit is 900/,
    );
    expect(() => assertCacheKeyLength("  ")).toThrow(/empty/);
  });
});

describe("archKey", () => {
  it("names architectures as Go does", () => {
    expect(archKey("x86_64")).toBe("arch1-linux-amd64");
    expect(archKey("x64")).toBe("arch1-linux-amd64");
    expect(archKey("aarch64")).toBe("arch1-linux-arm64");
    expect(archKey("riscv64")).toBe("arch1-linux-riscv64");
  });
});
