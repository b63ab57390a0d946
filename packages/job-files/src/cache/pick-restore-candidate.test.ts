import { describe, expect, it } from "vitest";
import { pickRestoreCandidate } from "./pick-restore-candidate.ts";

const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute));
const caches = [
  { key: "v1-deps-main-aaa", createdAt: at(1) },
  { key: "v1-deps-main-bbb", createdAt: at(5) },
  { key: "v1-deps-feature-ccc", createdAt: at(9) },
  { key: "v2-deps-main-ddd", createdAt: at(3) },
];

describe("pickRestoreCandidate", () => {
  it("takes an exact key when it exists", () => {
    expect(pickRestoreCandidate(["v1-deps-main-aaa"], caches)?.cache.key).toBe("v1-deps-main-aaa");
  });

  it("treats a key as a prefix and picks the newest match", () => {
    expect(pickRestoreCandidate(["v1-deps-main-"], caches)?.cache.key).toBe("v1-deps-main-bbb");
    expect(pickRestoreCandidate(["v1-"], caches)?.cache.key).toBe("v1-deps-feature-ccc");
  });

  it("tries keys in order: an earlier key with an older match beats a later key with a newer one", () => {
    const found = pickRestoreCandidate(["v1-deps-main-zzz", "v2-deps-", "v1-"], caches);
    expect(found?.cache.key).toBe("v2-deps-main-ddd");
    expect(found?.keyIndex).toBe(1);
  });

  it("returns null when nothing matches", () => {
    expect(pickRestoreCandidate(["v3-", "deps"], caches)).toBeNull();
    expect(pickRestoreCandidate(["v1-"], [])).toBeNull();
  });
});
