// Every tRPC procedure, present and future, refuses a caller who is not signed in, before
// it reads anything: the services handed in throw if any procedure touches them.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import type { Services } from "../services.ts";
import { appRouter, createCaller } from "./root.ts";
import { createTRPCContext } from "./trpc.ts";

const untouchable = new Proxy({} as Services, {
  get(_target, name) {
    throw new Error(`a procedure used services.${String(name)} for an anonymous caller`);
  },
});

type Callable = (input?: unknown) => Promise<unknown>;

function procedureAt(path: string): Callable {
  let node: unknown = createCaller(createTRPCContext({ viewer: null, services: untouchable }));
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  return node as Callable;
}

const paths = Object.keys(appRouter._def.procedures);

describe("every tRPC procedure", () => {
  it("is found (the router is not empty)", () => {
    expect(paths.length).toBeGreaterThan(20);
  });

  it.each(paths)("%s answers UNAUTHORIZED to an anonymous caller", async (path) => {
    const outcome = await procedureAt(path)({}).then(
      () => "resolved",
      (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
    );
    expect(outcome).toBe("UNAUTHORIZED");
  });
});
