import { parseEnv, port, postgresUrl } from "@cairn/env";
import { checkStorageSettings, storageSettingsShape } from "@cairn/storage";
import { z } from "zod";

const ZArtifactsEnvSchema = z
  .object({
    PORT: port(3001),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: postgresUrl(),
    /** Verifies the signed links the web app hands out for private projects' artifacts. */
    AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters" }),
    /** The worker's data folder; artifacts are blobs under `<dir>/blobs`. */
    CAIRN_DATA_DIR: z.string().default(".cairn/data"),
    /** Public URL of this server; its host gives the default base domain. */
    CAIRN_ARTIFACTS_URL: z.url().default("http://localhost:3001"),
    /** Project origins are `<label>.<base domain>`; default `artifacts.<host of the URL>`. */
    CAIRN_ARTIFACTS_BASE_DOMAIN: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i, {
        message: "must be a domain name such as artifacts.example.com",
      })
      .optional(),
    CAIRN_ARTIFACT_RETENTION_DAYS: z.coerce.number().positive().default(30),
    ...storageSettingsShape,
  })
  .superRefine(checkStorageSettings);

export type TArtifactsEnv = z.infer<typeof ZArtifactsEnvSchema>;

/** The artifacts server's settings, read once at start-up. */
export const readArtifactsEnv = (): TArtifactsEnv =>
  parseEnv("artifacts", ZArtifactsEnvSchema, process.env);
