import { z } from "zod";
import { getJobSshState, rerunJobWithSsh, ZJobSshStateSchema } from "../../../ssh/job-ssh.ts";
import { addSshKey, deleteSshKey, listSshKeys, ZAddSshKeySchema } from "../../../ssh/ssh-keys.ts";
import { createTRPCRouter, protectedProcedure } from "../../trpc.ts";

const ZJobIdInput = z.object({ id: z.string().min(1).max(100) });

const ZSshKeySchema = z.object({
  id: z.string(),
  title: z.string(),
  fingerprint: z.string(),
  public_key: z.string(),
  created_at: z.string().nullable(),
});

/** Rerun with SSH: the signed-in user's SSH keys and a job's SSH window. */
export const sshRouter = createTRPCRouter({
  keys: protectedProcedure
    .output(z.array(ZSshKeySchema))
    .query(({ ctx }) => listSshKeys(ctx.services.db, ctx.viewer)),
  addKey: protectedProcedure
    .input(ZAddSshKeySchema)
    .output(ZSshKeySchema)
    .mutation(({ ctx, input }) => addSshKey(ctx.services.db, ctx.viewer, input)),
  removeKey: protectedProcedure
    .input(ZJobIdInput)
    .mutation(({ ctx, input }) => deleteSshKey(ctx.services.db, ctx.viewer, input.id)),
  jobState: protectedProcedure
    .input(ZJobIdInput)
    .output(ZJobSshStateSchema)
    .query(({ ctx, input }) => getJobSshState(ctx.services.db, ctx.viewer, input.id)),
  rerunJob: protectedProcedure
    .input(ZJobIdInput)
    .output(z.object({ workflowId: z.string(), jobId: z.string().nullable() }))
    .mutation(({ ctx, input }) => rerunJobWithSsh(ctx.services.db, ctx.viewer, input.id)),
});
