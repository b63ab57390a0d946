import { z } from "zod";
import type { OAuthProviderId, OAuthSettings } from "./settings.ts";

/**
 * The OAuth settings an app reads from its environment (spread into its env schema). A
 * provider is enabled when both its client id and secret are set; the URLs point at
 * GitHub Enterprise Server, a self-hosted GitLab, or a local stand-in in tests.
 */
export const oauthSettingsShape = {
  CAIRN_GITHUB_CLIENT_ID: z.string().optional(),
  CAIRN_GITHUB_CLIENT_SECRET: z.string().optional(),
  CAIRN_GITHUB_URL: z.url().default("https://github.com"),
  CAIRN_GITHUB_API_URL: z.url().default("https://api.github.com"),
  CAIRN_GITLAB_CLIENT_ID: z.string().optional(),
  CAIRN_GITLAB_CLIENT_SECRET: z.string().optional(),
  CAIRN_GITLAB_URL: z.url().default("https://gitlab.com"),
  /** GitLab's API lives under its web URL (`/api/v4`); set only to reach it elsewhere. */
  CAIRN_GITLAB_API_URL: z.url().optional(),
  CAIRN_BITBUCKET_CLIENT_ID: z.string().optional(),
  CAIRN_BITBUCKET_CLIENT_SECRET: z.string().optional(),
  CAIRN_BITBUCKET_URL: z.url().default("https://bitbucket.org"),
  CAIRN_BITBUCKET_API_URL: z.url().default("https://api.bitbucket.org/2.0"),
  /** Repositories and permissions listed longer ago than this are listed again. */
  CAIRN_REPOSITORY_SYNC_MINUTES: z
    .string()
    .regex(/^\d{1,6}$/, { message: "must be a number of minutes" })
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1 minute"))
    .default(60),
};

type TOAuthEnv = z.infer<z.ZodObject<typeof oauthSettingsShape>>;

const PREFIX: Record<OAuthProviderId, "GITHUB" | "GITLAB" | "BITBUCKET"> = {
  github: "GITHUB",
  gitlab: "GITLAB",
  bitbucket: "BITBUCKET",
};

/** A client id without its secret (or the reverse) is a mistake worth stopping for. */
export function checkOAuthSettings(env: TOAuthEnv, context: z.RefinementCtx) {
  for (const prefix of Object.values(PREFIX)) {
    const id = env[`CAIRN_${prefix}_CLIENT_ID`];
    const secret = env[`CAIRN_${prefix}_CLIENT_SECRET`];
    if ((id === undefined) !== (secret === undefined)) {
      const missing = id === undefined ? "CLIENT_ID" : "CLIENT_SECRET";
      context.addIssue({
        code: "custom",
        path: [`CAIRN_${prefix}_${missing}`],
        message: `must be set together with CAIRN_${prefix}_${missing === "CLIENT_ID" ? "CLIENT_SECRET" : "CLIENT_ID"}`,
      });
    }
  }
}

/** The enabled providers' applications and URLs, from parsed settings. */
export function oauthSettingsFrom(env: TOAuthEnv): OAuthSettings {
  const settings: OAuthSettings = {};
  if (env.CAIRN_GITHUB_CLIENT_ID && env.CAIRN_GITHUB_CLIENT_SECRET) {
    settings.github = {
      clientId: env.CAIRN_GITHUB_CLIENT_ID,
      clientSecret: env.CAIRN_GITHUB_CLIENT_SECRET,
      webUrl: env.CAIRN_GITHUB_URL,
      apiUrl: env.CAIRN_GITHUB_API_URL,
    };
  }
  if (env.CAIRN_GITLAB_CLIENT_ID && env.CAIRN_GITLAB_CLIENT_SECRET) {
    settings.gitlab = {
      clientId: env.CAIRN_GITLAB_CLIENT_ID,
      clientSecret: env.CAIRN_GITLAB_CLIENT_SECRET,
      webUrl: env.CAIRN_GITLAB_URL,
      apiUrl: env.CAIRN_GITLAB_API_URL ?? env.CAIRN_GITLAB_URL,
    };
  }
  if (env.CAIRN_BITBUCKET_CLIENT_ID && env.CAIRN_BITBUCKET_CLIENT_SECRET) {
    settings.bitbucket = {
      clientId: env.CAIRN_BITBUCKET_CLIENT_ID,
      clientSecret: env.CAIRN_BITBUCKET_CLIENT_SECRET,
      webUrl: env.CAIRN_BITBUCKET_URL,
      apiUrl: env.CAIRN_BITBUCKET_API_URL,
    };
  }
  return settings;
}
