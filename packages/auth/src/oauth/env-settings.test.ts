import { parseEnv, SettingsError } from "@cairn/env";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkOAuthSettings, oauthSettingsFrom, oauthSettingsShape } from "./env-settings.ts";
import { enabledOAuthProviders } from "./settings.ts";

const schema = z.object(oauthSettingsShape).superRefine(checkOAuthSettings);
const parse = (env: Record<string, string>) => parseEnv("web", schema, env);

describe("OAuth settings", () => {
  it("enables nothing by default, with the public providers' URLs", () => {
    const env = parse({});
    expect(enabledOAuthProviders(oauthSettingsFrom(env))).toEqual([]);
    expect(env.CAIRN_GITHUB_API_URL).toBe("https://api.github.com");
    expect(env.CAIRN_REPOSITORY_SYNC_MINUTES).toBe(60);
  });

  it("enables a provider when both its client id and secret are set", () => {
    const settings = oauthSettingsFrom(
      parse({
        CAIRN_GITLAB_CLIENT_ID: "id",
        CAIRN_GITLAB_CLIENT_SECRET: "secret",
        CAIRN_GITLAB_URL: "https://gitlab.example.test",
      }),
    );
    expect(enabledOAuthProviders(settings)).toEqual(["gitlab"]);
    // A self-hosted GitLab's API lives under its own URL unless told otherwise.
    expect(settings.gitlab).toEqual({
      clientId: "id",
      clientSecret: "secret",
      webUrl: "https://gitlab.example.test",
      apiUrl: "https://gitlab.example.test",
    });
  });

  it("stops with a message naming the missing half of a client id and secret", () => {
    expect(() => parse({ CAIRN_GITHUB_CLIENT_ID: "id" })).toThrow(SettingsError);
    expect(() => parse({ CAIRN_GITHUB_CLIENT_ID: "id" })).toThrow(/CAIRN_GITHUB_CLIENT_SECRET/);
    expect(() => parse({ CAIRN_BITBUCKET_CLIENT_SECRET: "s" })).toThrow(
      /CAIRN_BITBUCKET_CLIENT_ID/,
    );
    expect(() => parse({ CAIRN_GITLAB_URL: "not a url" })).toThrow(/CAIRN_GITLAB_URL/);
    expect(() => parse({ CAIRN_REPOSITORY_SYNC_MINUTES: "0" })).toThrow(/at least 1 minute/);
  });
});
