import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type ConfigError, compileConfig } from "../src/index.ts";
import { createDirectoryOrbResolver } from "../src/orbs/file-resolver.ts";

/**
 * Every real config in the shared corpus is compiled here, with the orb fixtures of
 * test/orbs/ as the orb directory. Each either compiles (to this many jobs on branch
 * `main`) or fails for exactly these reasons: an orb not provided, an executor Cairn does
 * not run, or a genuine error in the config (okhttp runs a job it never defines; node-orb
 * names two jobs alike). Reasons are summarized by `reasonOf` below.
 */
type Expected = { compiles: true; jobs: number } | { fails: string[] };

const expected: Record<string, Expected> = {
  "CircleCI-Public__aws-ecr-orb.yml": {
    fails: ["orb circleci/orb-tools@10.0", "orb circleci/aws-ecr@dev:alpha"],
  },
  "CircleCI-Public__circleci-cli.yml": { fails: ["the machine executor", "the macos executor"] },
  "CircleCI-Public__node-orb.yml": {
    fails: [
      "orb circleci/node@dev:alpha",
      "orb circleci/orb-tools@10.0",
      "orb circleci/shellcheck@2.2",
      "orb circleci/jq@2.2",
      "duplicate job name 'node-run-job' in workflow 'integration-tests_prod-",
    ],
  },
  "OpenAPITools__openapi-generator.yml": { fails: ["the machine executor"] },
  "ThreeMammals__Ocelot.yml": { compiles: true, jobs: 2 },
  "activeadmin__activeadmin.yml": { compiles: true, jobs: 22 },
  "artsy__metaphysics.yml": {
    fails: [
      "orb artsy/hokusai@0.7.2",
      "orb artsy/yarn@4.0.2",
      "orb circleci/node@2.0.3",
      "orb codecov/codecov@1.0.5",
    ],
  },
  "astropy__astropy.yml": { compiles: true, jobs: 4 },
  "auth0__auth0-spa-js.yml": { compiles: true, jobs: 6 },
  "bytecodealliance__lucet.yml": { fails: ["the machine executor", "the macos executor"] },
  "circleci__circleci-docs.yml": {
    fails: ["orb circleci/aws-cli@5.4.1", "orb circleci/vale@1.2.0", "orb circleci/go@3.0.2"],
  },
  "clj-kondo__clj-kondo.yml": { fails: ["the macos executor"] },
  "cortexproject__cortex.yml": { compiles: true, jobs: 1 },
  "curl__curl.yml": { fails: ["the machine executor"] },
  "cypress-io__cypress-example-kitchensink.yml": {
    fails: ["orb cypress-io/cypress@1.26.0", "the machine executor"],
  },
  "cypress-io__cypress.yml": {
    fails: ["orb circleci/continuation@1.1.0", "orb circleci/circleci-cli@0.1.9"],
  },
  "drush-ops__drush.yml": { compiles: true, jobs: 7 },
  "facebook__jest.yml": { compiles: true, jobs: 5 },
  "facebook__react-native.yml": { fails: ["orb circleci/continuation@1.0.0"] },
  "facebookresearch__detectron2.yml": { fails: ["the machine executor"] },
  "fastlane__fastlane.yml": {
    fails: [
      "orb circleci/shellcheck@2.2.2",
      "orb circleci/macos@2",
      "orb circleci/ruby@2.5.4",
      "the macos executor",
    ],
  },
  "filecoin-project__lotus.yml": { fails: ["orb gotest/tools@0.0.9"] },
  "getredash__redash.yml": { compiles: true, jobs: 1 },
  "gruntwork-io__terragrunt.yml": { fails: ["the machine executor"] },
  "hashicorp__consul-template.yml": { compiles: true, jobs: 1 },
  "hashicorp__go-getter.yml": { compiles: true, jobs: 2 },
  "honeycombio__beeline-go.yml": { compiles: true, jobs: 5 },
  "ipfs__kubo.yml": { compiles: true, jobs: 10 },
  "mastodon__mastodon.yml": { fails: ["orb circleci/ruby@1.4.1", "orb circleci/node@5.0.1"] },
  "matplotlib__matplotlib.yml": { compiles: true, jobs: 1 },
  "membraneframework__membrane_core.yml": { fails: ["the machine executor"] },
  "ministryofjustice__hmpps-template-typescript.yml": {
    fails: ["orb ministryofjustice/hmpps@3.4.0", "orb circleci/slack@4.4.2"],
  },
  "numpy__numpy.yml": { compiles: true, jobs: 2 },
  "pandas-dev__pandas.yml": { fails: ["the machine executor"] },
  "pantheon-systems__terminus.yml": { compiles: true, jobs: 1 },
  "prometheus__prometheus.yml": {
    fails: [
      "orb prometheus/prometheus@0.4.0",
      "orb circleci/go@0.2.0",
      "orb circleci/windows@2.3.0",
    ],
  },
  "rubocop__rubocop.yml": { compiles: true, jobs: 15 },
  "scikit-learn__scikit-learn.yml": { compiles: true, jobs: 4 },
  "scipy__scipy.yml": { compiles: true, jobs: 5 },
  "sfackler__rust-openssl.yml": { fails: ["the macos executor"] },
  "sphinx-gallery__sphinx-gallery.yml": { compiles: true, jobs: 4 },
  "square__okhttp.yml": {
    fails: ["unknown job 'dependencies' (jobs not defined under 'jobs' must be 'typ"],
  },
  "thoughtbot__administrate.yml": { compiles: true, jobs: 3 },
  "tokio-rs__tokio.yml": { fails: ["the machine executor"] },
  "typelevel__cats-effect.yml": { fails: ["the machine executor"] },
  "vimeo__psalm.yml": { compiles: true, jobs: 6 },
  "wagtail__wagtail.yml": { compiles: true, jobs: 4 },
  "woocommerce__woocommerce-ios.yml": {
    fails: ["orb wordpress-mobile/ios@1.0", "orb wordpress-mobile/git@1.0"],
  },
  "wordpress-mobile__WordPress-Android.yml": {
    fails: ["orb wordpress-mobile/android@0.0.19", "orb toshimaru/bundle-install@0.1.1"],
  },
  "zulip__zulip.yml": { compiles: true, jobs: 2 },
};

// Real configs from public projects (corpus/circleci/SOURCES.tsv names each origin).
const corpusDir = fileURLToPath(new URL("./corpus/circleci", import.meta.url));
const orbResolver = createDirectoryOrbResolver(fileURLToPath(new URL("./orbs", import.meta.url)));

function reasonOf(error: ConfigError): string {
  if (error.message.startsWith("orb '")) return `orb ${error.message.split("'")[1]}`;
  const executor = /the (\w+) executor; Cairn runs only/.exec(error.message);
  if (executor) return `the ${executor[1]} executor`;
  return error.message.slice(0, 70);
}

describe("the shared corpus of real configs", () => {
  it("is present", () => {
    expect(existsSync(corpusDir), `corpus folder missing: ${corpusDir}`).toBe(true);
  });

  const files = existsSync(corpusDir)
    ? readdirSync(corpusDir)
        .filter((f) => f.endsWith(".yml"))
        .sort()
    : [];

  it("has an expected outcome recorded for every file, and no stale entries", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)("%s", (file) => {
    const source = readFileSync(resolve(corpusDir, file), "utf8");
    const result = compileConfig(source, { filename: file, orbResolver, branch: "main" });
    const outcome = expected[file];
    if (!outcome) throw new Error(`no expected outcome recorded for ${file}`);
    if ("compiles" in outcome) {
      expect(
        result.ok ? [] : result.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
      ).toEqual([]);
      if (result.ok) {
        expect(result.plan.workflows.reduce((n, w) => n + w.jobs.length, 0)).toBe(outcome.jobs);
        // The processed config is itself a valid config that compiles to the same plan.
        const again = compileConfig(result.processed, {
          filename: `${file} (processed)`,
          branch: "main",
        });
        expect(again.ok ? [] : again.errors.map((e) => e.message)).toEqual([]);
      }
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const error of result.errors) {
      expect(error.line).toBeGreaterThan(0);
      expect(error.message).not.toMatch(/internal error/);
    }
    expect([...new Set(result.errors.map(reasonOf))]).toEqual(outcome.fails);
  });
});
