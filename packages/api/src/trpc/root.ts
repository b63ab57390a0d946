import { auditRouter } from "./routers/audit/router.ts";
import { contextsRouter } from "./routers/contexts/router.ts";
import { envVarsRouter } from "./routers/env-vars/router.ts";
import { invitationsRouter } from "./routers/invitations/router.ts";
import { jobsRouter } from "./routers/jobs/router.ts";
import { keysRouter } from "./routers/keys/router.ts";
import { pipelinesRouter } from "./routers/pipelines/router.ts";
import { projectsRouter } from "./routers/projects/router.ts";
import { repositoriesRouter } from "./routers/repositories/router.ts";
import { settingsRouter } from "./routers/settings/router.ts";
import { sshRouter } from "./routers/ssh/router.ts";
import { tokensRouter } from "./routers/tokens/router.ts";
import { webhookRouter } from "./routers/webhook/router.ts";
import { webhooksRouter } from "./routers/webhooks/router.ts";
import { workflowsRouter } from "./routers/workflows/router.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  audit: auditRouter,
  projects: projectsRouter,
  pipelines: pipelinesRouter,
  jobs: jobsRouter,
  workflows: workflowsRouter,
  settings: settingsRouter,
  envVars: envVarsRouter,
  contexts: contextsRouter,
  keys: keysRouter,
  tokens: tokensRouter,
  webhook: webhookRouter,
  webhooks: webhooksRouter,
  ssh: sshRouter,
  repositories: repositoriesRouter,
  invitations: invitationsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, tests) with a context built by the caller. */
export const createCaller = createCallerFactory(appRouter);
