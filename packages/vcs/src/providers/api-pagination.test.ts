import { describe, expect, it } from "vitest";
import { nextLink } from "./api-pagination.ts";

describe("nextLink", () => {
  it("finds rel=next among other relations", () => {
    const header =
      '<https://api.github.com/user/repos?page=3>; rel="next", <https://api.github.com/user/repos?page=9>; rel="last"';
    expect(nextLink(header)).toBe("https://api.github.com/user/repos?page=3");
    expect(nextLink('<https://gitlab.com/api/v4/projects?page=1>; rel="first"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});
