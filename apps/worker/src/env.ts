import { hostname } from "node:os";
import { booleanFlag, parseEnv, port, postgresUrl } from "@cairn/env";
import { secretsSettingsShape } from "@cairn/secrets";
import { DEFAULT_WINDOW_SECONDS, MAX_WINDOW_SECONDS } from "@cairn/ssh-gateway";
import { checkStorageSettings, storageSettingsShape } from "@cairn/storage";
import { z } from "zod";

const ZWorkerEnvSchema = z
  .object({
    DATABASE_URL: postgresUrl(),
    DOCKER_HOST: z.string().optional(),
    /** Where blobs (logs, artifacts, caches, workspaces) and repository mirrors live. */
    CAIRN_DATA_DIR: z.string().default(".cairn/data"),
    /** The web app's public URL, for CIRCLE_BUILD_URL. */
    CAIRN_URL: z.url().default("http://localhost:3000"),
    ...secretsSettingsShape,
    ...storageSettingsShape,
    /** Port of the worker's own health endpoint (GET /health) on 127.0.0.1. */
    CAIRN_WORKER_HEALTH_PORT: port(3002),
    /** Identifies this worker in leases and container labels; unique per worker. */
    CAIRN_WORKER_ID: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, { message: "letters, digits, '_', '.', '-' only" })
      .default(`${hostname()}-${process.pid}`),
    CAIRN_WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
    /** Jobs this worker runs at once. */
    CAIRN_WORKER_CAPACITY: z.coerce.number().int().min(1).max(64).default(2),
    /** Job lease length; renewed every third of it. */
    CAIRN_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(30),
    /** Attempts of a job whose worker died before it counts as an infrastructure failure. */
    CAIRN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    /** Bytes of output kept per job; beyond it the log ends with a notice. */
    CAIRN_LOG_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(50 * 1024 * 1024),
    /** JSON file mapping unavailable images to local ones (see infra/images/aliases.json). */
    CAIRN_IMAGE_ALIASES: z.string().optional(),
    /** Install the host firewall that keeps jobs away from the host (needs root). */
    CAIRN_FIREWALL: booleanFlag(true),
    /** Rerun with SSH: run the SSH gateway into jobs' containers. */
    CAIRN_SSH_GATEWAY: booleanFlag(true),
    /** Port the SSH gateway listens on (and users connect to unless CAIRN_SSH_PUBLIC_PORT). */
    CAIRN_SSH_PORT: port(2222),
    /** Address the SSH gateway listens on. */
    CAIRN_SSH_LISTEN_HOST: z.string().default("0.0.0.0"),
    /** Host name users connect to; default the host of CAIRN_URL. */
    CAIRN_SSH_HOST: z.string().optional(),
    /** Port users connect to when a proxy or NAT maps another one to CAIRN_SSH_PORT. */
    CAIRN_SSH_PUBLIC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** How long a rerun with SSH waits for a first session after the last step. */
    CAIRN_SSH_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(5)
      .max(MAX_WINDOW_SECONDS)
      .default(DEFAULT_WINDOW_SECONDS),
  })
  .superRefine(checkStorageSettings);

export type TWorkerEnv = z.infer<typeof ZWorkerEnvSchema>;

/** The worker's settings, read once at start-up. */
export const readWorkerEnv = (): TWorkerEnv => parseEnv("worker", ZWorkerEnvSchema, process.env);
