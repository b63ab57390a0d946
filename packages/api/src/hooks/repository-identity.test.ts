import { describe, expect, it } from "vitest";
import { repositoryIdOf } from "./repository-identity.ts";

describe("repositoryIdOf", () => {
  it("reads each provider's repository id", () => {
    expect(repositoryIdOf("github", JSON.stringify({ repository: { id: 1296269 } }))).toBe(
      "1296269",
    );
    expect(repositoryIdOf("gitlab", JSON.stringify({ project: { id: 15 }, project_id: 99 }))).toBe(
      "15",
    );
    expect(repositoryIdOf("gitlab", JSON.stringify({ project_id: 99 }))).toBe("99");
    expect(
      repositoryIdOf("bitbucket", Buffer.from(JSON.stringify({ repository: { uuid: "{abc}" } }))),
    ).toBe("{abc}");
  });

  it("is null for bodies that are not JSON or name no repository", () => {
    expect(repositoryIdOf("github", "not json")).toBeNull();
    expect(repositoryIdOf("github", "[]")).toBeNull();
    expect(repositoryIdOf("github", JSON.stringify({ repository: { id: 1.5 } }))).toBeNull();
    expect(repositoryIdOf("bitbucket", JSON.stringify({ repository: { id: 3 } }))).toBeNull();
    expect(
      repositoryIdOf("gitlab", JSON.stringify({ project: { id: "x".repeat(101) } })),
    ).toBeNull();
  });
});
