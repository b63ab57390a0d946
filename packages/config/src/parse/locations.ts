/**
 * Source positions of parsed values.
 *
 * The compiler works on plain JS values (objects, arrays, scalars) because they are easy to
 * transform. Positions live beside them in a WeakMap keyed by the object or array: a
 * collection knows where it starts, where each of its keys is and where each of its values
 * is — which also covers scalars, which cannot be WeakMap keys. The table is module-level
 * on purpose: keys are objects created by one parse, so two compilations never see each
 * other's entries and nothing leaks (entries die with their objects).
 */
export interface SourcePosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

interface CollectionPositions {
  start: SourcePosition;
  /** Position of each key (maps only). */
  keys: Map<string, SourcePosition>;
  /** Position of each value, by key (maps) or index (sequences). */
  values: Map<string | number, SourcePosition>;
}

const table = new WeakMap<object, CollectionPositions>();

export function recordPositions(
  collection: object,
  start: SourcePosition,
  keys: Map<string, SourcePosition>,
  values: Map<string | number, SourcePosition>,
): void {
  table.set(collection, { start, keys, values });
}

/** Where a collection starts, if it came from a source (or was copied from one that did). */
export function positionOf(value: unknown): SourcePosition | undefined {
  return typeof value === "object" && value !== null ? table.get(value)?.start : undefined;
}

/** Where the value under `key` of `collection` is. */
export function positionOfChild(
  collection: unknown,
  key: string | number,
): SourcePosition | undefined {
  if (typeof collection !== "object" || collection === null) return undefined;
  const entry = table.get(collection);
  if (!entry) return undefined;
  const child = entry.values.get(key);
  return child ?? positionOf((collection as Record<string | number, unknown>)[key]) ?? entry.start;
}

/** Where the key itself is written (for "unknown key" errors), else where its value is. */
export function positionOfKey(collection: unknown, key: string): SourcePosition | undefined {
  if (typeof collection !== "object" || collection === null) return undefined;
  return table.get(collection)?.keys.get(key) ?? positionOfChild(collection, key);
}

/**
 * Gives `copy` the positions of `original`: compilation builds new objects (parameters
 * substituted, defaults filled in) and errors about them should still point at the source.
 */
export function copyPositions<T extends object>(original: unknown, copy: T): T {
  if (typeof original === "object" && original !== null && copy !== original) {
    const entry = table.get(original);
    if (entry) table.set(copy, entry);
  }
  return copy;
}

/** Positions for a value under `key` that is itself moved under a new key (e.g. steps). */
export function setChildPosition(
  collection: object,
  key: string | number,
  position: SourcePosition,
): void {
  const entry = table.get(collection);
  if (entry) entry.values.set(key, position);
  else
    table.set(collection, { start: position, keys: new Map(), values: new Map([[key, position]]) });
}
