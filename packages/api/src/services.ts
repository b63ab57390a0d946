import type { OAuthSettings } from "@cairn/auth";
import type { Db } from "@cairn/db";
import type { SecretCipher } from "@cairn/secrets";

/** What every service needs, built once by the app from its settings. */
export interface Services {
  db: Db;
  cipher: SecretCipher;
  /** Cairn's data directory (mirrors live under it). */
  dataDir: string;
  /** The web app's public URL, for webhook URLs in answers. */
  baseUrl: string;
  /** The server-wide orb cache directory (`<dir>/<namespace>/<name>@<version>.yml`). */
  orbCacheDir: string;
  /** CircleCI's public orb registry, searched last when the administrator enables it. */
  orbRegistry?: { url?: string };
  /**
   * The OAuth applications of GitHub, GitLab and Bitbucket (sign-in, and the API base URLs
   * for listing and following the user's repositories); absent when none is configured.
   */
  oauth?: OAuthSettings;
  /** Repositories listed longer ago than this are listed again on the next visit (default 60). */
  repositorySyncMinutes?: number;
  /** The fetch the provider API clients use (a test wraps it to fail one call); global fetch by default. */
  providerFetch?: typeof fetch;
}
