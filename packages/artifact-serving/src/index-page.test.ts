import { describe, expect, it } from "vitest";
import { formatSize, listFolder, renderIndexPage } from "./index-page.ts";
import {
  artifactResponseHeaders,
  isActiveContentType,
  safeContentType,
} from "./response-headers.ts";
import { retentionCutoff } from "./retention.ts";

const artifacts = [
  { path: "coverage/index.html", size: 10 },
  { path: "coverage/lib/a.js.html", size: 2048 },
  { path: "log.txt", size: 3 },
];

describe("folder index pages", () => {
  it("lists the direct children of a folder, or null for no folder", () => {
    expect(listFolder(artifacts, "")).toEqual({
      folders: ["coverage"],
      files: [{ name: "log.txt", size: 3 }],
    });
    expect(listFolder(artifacts, "coverage")).toEqual({
      folders: ["lib"],
      files: [{ name: "index.html", size: 10 }],
    });
    expect(listFolder(artifacts, "cov")).toBeNull();
    expect(listFolder(artifacts, "log.txt")).toBeNull();
  });

  it("escapes names and links relatively", () => {
    const html = renderIndexPage(
      "Job 1 / x",
      { folders: ["<b>"], files: [{ name: 'a"b.txt', size: 2048 }] },
      false,
    );
    expect(html).toContain('<a href="../">../</a>');
    expect(html).toContain('<a href="%3Cb%3E/">&#60;b&#62;/</a>');
    expect(html).toContain('<a href="a%22b.txt">a&#34;b.txt</a></td><td>2.0 KiB</td>');
    expect(html).not.toContain("<b>");
    expect(formatSize(5 * 1024 ** 3)).toBe("5.0 GiB");
  });
});

describe("headers and retention", () => {
  it("sandboxes every answer and keeps only well-formed stored types", () => {
    const headers = artifactResponseHeaders("text/html; charset=utf-8");
    expect(headers["Content-Security-Policy"]).toMatch(/^sandbox allow-scripts /);
    expect(headers["Content-Security-Policy"]).not.toContain("allow-same-origin");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(isActiveContentType("application/xhtml+xml")).toBe(true);
    expect(isActiveContentType("text/plain")).toBe(false);
    expect(safeContentType("text/css; charset=utf-8")).toBe("text/css; charset=utf-8");
    expect(safeContentType("text/html\r\nSet-Cookie: a=b")).toBe("application/octet-stream");
    expect(safeContentType(null)).toBe("application/octet-stream");
  });

  it("computes the retention cutoff and refuses a non-positive age", () => {
    expect(retentionCutoff(new Date("2026-02-01T00:00:00Z"), 31).toISOString()).toBe(
      "2026-01-01T00:00:00.000Z",
    );
    expect(() => retentionCutoff(new Date(), 0)).toThrow(/positive/);
  });
});
