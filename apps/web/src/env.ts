import { checkOAuthSettings, oauthSettingsShape } from "@cairn/auth";
import { booleanFlag, parseEnv, port, postgresUrl } from "@cairn/env";
import { secretsSettingsShape } from "@cairn/secrets";
import { checkStorageSettings, storageSettingsShape } from "@cairn/storage";
import { z } from "zod";

const ZWebEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: port(3000),
    HOST: z.string().default("0.0.0.0"),
    CAIRN_URL: z.url().default("http://localhost:3000"),
    CAIRN_ARTIFACTS_URL: z.url().default("http://localhost:3001"),
    DATABASE_URL: postgresUrl(),
    DOCKER_HOST: z.string().optional(),
    AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters" }),
    ...secretsSettingsShape,
    ...storageSettingsShape,
    /** Sign-in with GitHub, GitLab and Bitbucket (see README, Configuration). */
    ...oauthSettingsShape,
    /** Where blobs (logs, artifacts…) and repository mirrors live: the worker's same folder. */
    CAIRN_DATA_DIR: z.string().default(".cairn/data"),
    /** Server-wide orb cache (`<dir>/<namespace>/<name>@<version>.yml`); default `<data dir>/orbs`. */
    CAIRN_ORB_CACHE_DIR: z.string().optional(),
    /** Fetch registry orbs a repository does not carry from CircleCI's public registry. */
    CAIRN_ORB_REGISTRY: booleanFlag(false),
    CAIRN_ORB_REGISTRY_URL: z.url().optional(),
    /** Behind a reverse proxy: take the client's address from X-Forwarded-For (audit log). */
    CAIRN_TRUST_PROXY: booleanFlag(false),
  })
  .superRefine(checkStorageSettings)
  .superRefine(checkOAuthSettings);

export type TWebEnv = z.infer<typeof ZWebEnvSchema>;

let parsed: TWebEnv | undefined;

/**
 * The web app's settings, read from the environment once. Lazy because `next build`
 * imports route modules without a runtime environment; `server.ts` calls it first thing,
 * so a bad setting stops the server at start-up with a message naming the variable.
 */
export function webEnv(): TWebEnv {
  parsed ??= parseEnv("web", ZWebEnvSchema, process.env);
  return parsed;
}
