/** A saved cache as restore_cache sees it. */
export interface CacheCandidate {
  key: string;
  createdAt: Date;
}

/**
 * CircleCI's restore rule: keys are tried in the order given, each as a prefix of saved
 * keys; the first key with any match wins, and among its matches the newest cache.
 * Returns the cache and the index of the key that found it, or null on a miss.
 */
export function pickRestoreCandidate<T extends CacheCandidate>(
  keys: readonly string[],
  caches: readonly T[],
): { cache: T; keyIndex: number } | null {
  for (const [keyIndex, prefix] of keys.entries()) {
    let newest: T | undefined;
    for (const cache of caches) {
      if (!cache.key.startsWith(prefix)) continue;
      if (newest === undefined || cache.createdAt > newest.createdAt) newest = cache;
    }
    if (newest) return { cache: newest, keyIndex };
  }
  return null;
}
