import { describe, expect, it } from "vitest";
import { VcsError } from "./errors.ts";
import { normalizeGitUrl } from "./git-url.ts";

describe("normalizeGitUrl", () => {
  it.each([
    [
      "ssh://git@example.com/org/repo.git",
      "ssh",
      "ssh://git@example.com/org/repo.git",
      "example.com",
    ],
    [
      "ssh://root@127.0.0.1:2222/srv/git/repo.git",
      "ssh",
      "ssh://root@127.0.0.1:2222/srv/git/repo.git",
      "127.0.0.1",
    ],
    [
      "git+ssh://git@example.com/org/repo.git",
      "ssh",
      "ssh://git@example.com/org/repo.git",
      "example.com",
    ],
    ["git@github.com:org/repo.git", "ssh", "git@github.com:org/repo.git", "github.com"],
    ["example.com:repo.git", "ssh", "example.com:repo.git", "example.com"],
    [
      "https://git.example.com/org/repo.git",
      "https",
      "https://git.example.com/org/repo.git",
      "git.example.com",
    ],
    ["http://10.0.0.5:8080/repo", "http", "http://10.0.0.5:8080/repo", "10.0.0.5"],
    ["/srv/git/repo.git", "file", "/srv/git/repo.git", undefined],
    ["/srv/git/my repo.git", "file", "/srv/git/my repo.git", undefined],
    ["file:///srv/git/repo.git", "file", "file:///srv/git/repo.git", undefined],
    ["  git@host:repo.git  ", "ssh", "git@host:repo.git", "host"],
  ])("accepts %s", (input, transport, url, host) => {
    const result = normalizeGitUrl(input);
    expect(result.transport).toBe(transport);
    expect(result.url).toBe(url);
    expect(result.host).toBe(host);
  });

  it("keeps credentials for git but drops them from the safe URL", () => {
    const result = normalizeGitUrl("https://bot:s3cret@git.example.com/org/repo.git");
    expect(result.url).toBe("https://bot:s3cret@git.example.com/org/repo.git");
    expect(result.safeUrl).toBe("https://git.example.com/org/repo.git");
  });

  it.each([
    ["", /empty/],
    ["ext::sh -c touch% /tmp/pwned", /Remote helper/],
    ["ext::ssh", /Remote helper/],
    ["fd::3", /Remote helper/],
    ["-oProxyCommand=touch /tmp/pwned", /start with '-'/],
    ["--upload-pack=touch /tmp/pwned", /start with '-'/],
    ["ssh://-oProxyCommand=calc/repo", /host must not start with '-'/],
    ["-host:repo", /start with '-'/],
    ["git@-oProxyCommand=x:repo", /host must not start with '-'/],
    ["ssh://-user@host/repo", /user must not start with '-'/],
    ["ssh://user:pw@host/repo", /password/],
    ["git://example.com/repo.git", /git:\/\/ is not supported/],
    ["ftp://example.com/repo.git", /Unsupported URL scheme/],
    ["https://example.com", /no repository path/],
    ["https://example.com/repo?x=1", /query string/],
    ["file://otherhost/repo.git", /local path/],
    ["relative/path/repo", /Unsupported repository URL/],
    ["git@host:", /no path/],
    ["https://example.com/repo\n.git", /control characters/],
    ["git@host:my repo", /spaces/],
    [`https://example.com/${"a".repeat(2100)}`, /longer than/],
  ])("rejects %j", (input, message) => {
    let caught: unknown;
    try {
      normalizeGitUrl(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VcsError);
    expect((caught as VcsError).code).toBe("invalid_url");
    expect((caught as VcsError).message).toMatch(message);
  });
});
