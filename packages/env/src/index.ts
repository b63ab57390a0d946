import { z } from "zod";

/** Thrown when settings are wrong; its message names every bad variable and is safe to print. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

/**
 * Parses an environment with a zod schema. Values are never echoed back (they may be
 * secrets); each problem names its variable.
 */
export function parseEnv<TSchema extends z.ZodType>(
  app: string,
  schema: TSchema,
  source: Record<string, string | undefined>,
): z.infer<TSchema> {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const missing = issue.code === "invalid_type" && cleaned[name] === undefined;
    return `  ${name}: ${missing ? "is required but not set" : issue.message}`;
  });
  throw new SettingsError(`${app}: invalid settings\n${problems.join("\n")}`);
}

/** An explicit boolean: "true"/"1"/"yes" or "false"/"0"/"no" ("false" must never be true). */
export const booleanFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
    .optional()
    .transform((value) => (value === undefined ? fallback : ["true", "1", "yes"].includes(value)));

export const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, { message: "must be a TCP port (1-65535)" })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, "must be a TCP port (1-65535)")
        .max(65535, "must be a TCP port (1-65535)"),
    )
    .default(fallback);

export const postgresUrl = () =>
  z.string().regex(/^postgres(ql)?:\/\//, { message: "must be a postgresql:// connection URL" });

/**
 * Reads an app's settings at start-up; on a SettingsError prints its message (no stack
 * trace) and exits with EX_CONFIG (78).
 */
export function readSettingsOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}
