import { hostname } from "node:os";
import { parseEnv, port, postgresUrl } from "@cairn/env";
import { z } from "zod";

const ZWorkerEnvSchema = z.object({
  DATABASE_URL: postgresUrl(),
  DOCKER_HOST: z.string().optional(),
  /** Port of the worker's own health endpoint (GET /health) on 127.0.0.1. */
  CAIRN_WORKER_HEALTH_PORT: port(3002),
  /** Identifies this worker in leases and container labels; unique per worker. */
  CAIRN_WORKER_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, { message: "letters, digits, '_', '.', '-' only" })
    .default(`${hostname()}-${process.pid}`),
  CAIRN_WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
});

export type TWorkerEnv = z.infer<typeof ZWorkerEnvSchema>;

/** The worker's settings, read once at start-up. */
export const readWorkerEnv = (): TWorkerEnv => parseEnv("worker", ZWorkerEnvSchema, process.env);
