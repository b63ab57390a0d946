import { jobsRouter } from "./routers/jobs/router.ts";
import { pipelinesRouter } from "./routers/pipelines/router.ts";
import { projectsRouter } from "./routers/projects/router.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  projects: projectsRouter,
  pipelines: pipelinesRouter,
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, tests) with a context built by the caller. */
export const createCaller = createCallerFactory(appRouter);
