import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import type { ArtifactLinkSettings } from "../artifacts/list-job-artifacts.ts";
import { ApiError, type ApiErrorCode } from "../errors.ts";
import type { Services } from "../services.ts";

/** What every procedure sees: the signed-in user (null when anonymous) and the services. */
export interface TRPCContext {
  viewer: Viewer | null;
  services: Services;
  /** How to link to artifacts; without it, artifact listings answer `unavailable`. */
  artifactLinks?: ArtifactLinkSettings;
}

/** The app resolves the session; the API only needs who it is. */
export function createTRPCContext(options: {
  viewer: Viewer | null;
  services: Services;
  artifactLinks?: ArtifactLinkSettings;
}): TRPCContext {
  return {
    viewer: options.viewer,
    services: options.services,
    ...(options.artifactLinks ? { artifactLinks: options.artifactLinks } : {}),
  };
}

const TRPC_CODES: Record<ApiErrorCode, TRPC_ERROR_CODE_KEY> = {
  invalid_input: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  unavailable: "SERVICE_UNAVAILABLE",
};

/** A service's ApiError as the tRPC error of the same meaning. */
export function toTRPCError(error: ApiError): TRPCError {
  return new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
}

const t = initTRPC.context<TRPCContext>().create({
  // The one formatter: safe messages only. Unexpected errors never show their message
  // or stack; invalid input names the fields at fault.
  errorFormatter({ shape, error }) {
    const unexpected = error.code === "INTERNAL_SERVER_ERROR";
    const invalidInput = error.cause instanceof z.ZodError ? z.flattenError(error.cause) : null;
    return {
      message: unexpected ? "Something went wrong on the server." : shape.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        ...(shape.data.path !== undefined ? { path: shape.data.path } : {}),
        invalidInput,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Services throw ApiError; this turns it into the matching tRPC code for every procedure. */
const mapApiErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ApiError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapApiErrors);

/** A signed-in user only; narrows `ctx.viewer` to non-null. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, viewer: ctx.viewer } });
});
