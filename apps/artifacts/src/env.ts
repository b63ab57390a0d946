import { parseEnv, port } from "@cairn/env";
import { z } from "zod";

const ZArtifactsEnvSchema = z.object({
  PORT: port(3001),
  HOST: z.string().default("0.0.0.0"),
});

export type TArtifactsEnv = z.infer<typeof ZArtifactsEnvSchema>;

/** The artifacts server's settings, read once at start-up. */
export const readArtifactsEnv = (): TArtifactsEnv =>
  parseEnv("artifacts", ZArtifactsEnvSchema, process.env);
