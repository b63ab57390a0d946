import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root.ts";

export { type AppRouter, appRouter, createCaller } from "./root.ts";
export { findVisibleJobById } from "./routers/jobs/find-visible-job-by-id.ts";
export { createTRPCContext, type TRPCContext } from "./trpc.ts";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
