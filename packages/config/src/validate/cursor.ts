import type { ErrorList } from "../errors.ts";
import {
  positionOf,
  positionOfChild,
  positionOfKey,
  type SourcePosition,
} from "../parse/locations.ts";
import { joinPath } from "../values.ts";

/** A value being checked, with where it sits in the config tree and in the source. */
export interface Cursor {
  value: unknown;
  /** Config path, e.g. `jobs.build.steps[2].run`. */
  path: string;
  position: SourcePosition;
}

export function rootCursor(value: unknown, file: string): Cursor {
  return { value, path: "", position: positionOf(value) ?? { file, line: 1, column: 1 } };
}

/** The value under `key`; `value` is undefined when absent. */
export function child(parent: Cursor, key: string | number): Cursor {
  const container = parent.value as Record<string | number, unknown> | null | undefined;
  const value =
    container !== null && typeof container === "object" && Object.hasOwn(container, key)
      ? container[key]
      : undefined;
  return {
    value,
    path: joinPath(parent.path, key),
    position: positionOfChild(parent.value, key) ?? parent.position,
  };
}

/** A cursor on a value that replaced the one at `at` (same place, new value). */
export function withValue(at: Cursor, value: unknown): Cursor {
  return { value, path: at.path, position: positionOf(value) ?? at.position };
}

export function keyPosition(parent: Cursor, key: string): SourcePosition {
  return positionOfKey(parent.value, key) ?? parent.position;
}

export function report(errors: ErrorList, at: Cursor, message: string): void {
  errors.add(at.position, at.path, message);
}

export function reportAtKey(errors: ErrorList, parent: Cursor, key: string, message: string): void {
  errors.add(keyPosition(parent, key), joinPath(parent.path, key), message);
}
