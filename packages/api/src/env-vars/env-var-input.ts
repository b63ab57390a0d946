import { z } from "zod";

/** Names a shell can export: a letter or underscore, then letters, digits, underscores. */
export const ENV_VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_VAR_NAME_MAX_LENGTH = 256;
/** Measured in UTF-8 bytes, as the job's environment will hold it. */
export const ENV_VAR_VALUE_MAX_BYTES = 128 * 1024;

export const ZEnvVarNameSchema = z
  .string()
  .min(1, "The name must not be empty.")
  .max(ENV_VAR_NAME_MAX_LENGTH, `The name must be at most ${ENV_VAR_NAME_MAX_LENGTH} characters.`)
  .regex(
    ENV_VAR_NAME_PATTERN,
    "The name must start with a letter or underscore and contain only letters, digits and underscores.",
  );

export const ZCreateEnvVarSchema = z.object({
  name: ZEnvVarNameSchema,
  value: z
    .string()
    .refine(
      (value) => Buffer.byteLength(value, "utf8") <= ENV_VAR_VALUE_MAX_BYTES,
      `The value must be at most ${ENV_VAR_VALUE_MAX_BYTES / 1024} KB.`,
    ),
});

export type TCreateEnvVar = z.infer<typeof ZCreateEnvVarSchema>;

/** The last four characters are all anyone is shown again (CircleCI's `xxxx` + last 4). */
export const lastFour = (value: string) => Array.from(value).slice(-4).join("");

export const maskedValue = (last4: string) => `xxxx${last4}`;
