// `npm test`: static checks (lint, typecheck), then every vitest project — unit,
// integration (real PostgreSQL and Docker engine) and the browser suite against a Cairn
// started the way `npm start` starts it — and one closing line `N passed, N failed`.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createSignInLink, migrate, recreateDatabase } from "./database.mjs";
import { withDatabase } from "./postgres.mjs";
import { installOsPackages, runVisible, step, which } from "./shell.mjs";
import { startStack } from "./stack.mjs";

const E2E_DATABASE = "cairn_e2e";

/**
 * Counts of a vitest JSON report. A file that failed outside its tests (an import error, a
 * failing beforeAll: its tests then show as skipped) counts as one failure.
 */
function countVitestReport(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, "utf8"));
  const brokenFiles = report.testResults.filter(
    (result) =>
      result.status === "failed" &&
      !result.assertionResults.some((assertion) => assertion.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/**
 * `filters` (from `npm test -- <filters>`) are vitest file filters: only the matching test
 * files run, and the static checks are left out, for a quick run of one suite.
 */
export async function runAllTests(root, settings, cleanups, filters = []) {
  const resultsDir = join(root, "test-results");
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const failures = [];
  let checksPassed = 0;
  const env = {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };

  const staticChecks = [
    ["lint", ["biome", "check", "."]],
    ["typecheck", ["turbo", "run", "typecheck", "--output-logs=errors-only"]],
  ];
  for (const [name, args] of filters.length > 0 ? [] : staticChecks) {
    step(`check: ${name}`);
    const code = await runVisible("npx", args, { cwd: root, env });
    if (code === 0) checksPassed += 1;
    else failures.push(`${name} (exit ${code})`);
  }

  // The browser suite drives the OS's Chromium; a browser download is never needed.
  if (!process.env.CHROMIUM_PATH && !which("chromium")) {
    await installOsPackages(["chromium", "fonts-liberation"], "Chromium, for the browser suite");
  }
  // The git provider's tests fetch over SSH from a real sshd they start themselves.
  if (!which("sshd"))
    await installOsPackages(["openssh-server"], "sshd, for the git over SSH tests");

  // The browser suite signs in with GitHub through a stand-in it starts on this port
  // (e2e/oauth-follow.e2e.test.ts); the web app is told where GitHub "is" up front.
  const E2E_OAUTH_PORT = 3199;
  const E2E_OAUTH_WEB_ENV = {
    CAIRN_GITHUB_CLIENT_ID: "cairn-e2e",
    CAIRN_GITHUB_CLIENT_SECRET: "cairn-e2e-secret",
    CAIRN_GITHUB_URL: `http://127.0.0.1:${E2E_OAUTH_PORT}/github-web`,
    CAIRN_GITHUB_API_URL: `http://127.0.0.1:${E2E_OAUTH_PORT}/github`,
  };
  step("starting Cairn for the browser suite");
  const e2eEnv = {};
  const e2eDataDir = join(root, ".cairn/e2e-data");
  // Fresh each run: the browser suite checks that no secret it stored reached these logs.
  const e2eLogDir = join(root, ".cairn/e2e-logs");
  rmSync(e2eLogDir, { recursive: true, force: true });
  try {
    const databaseUrl = await recreateDatabase(settings.databaseUrl, E2E_DATABASE);
    await migrate(root, databaseUrl);
    const stack = await startStack(
      root,
      {
        ...settings,
        databaseUrl,
        dataDir: e2eDataDir,
        logDir: e2eLogDir,
        webPort: 3100,
        artifactsPort: 3101,
        workerHealthPort: 3102,
        sshPort: 3122,
        webEnv: E2E_OAUTH_WEB_ENV,
      },
      { quiet: true },
    );
    cleanups.push(stack.stop);
    Object.assign(e2eEnv, {
      CAIRN_E2E_URL: stack.urls.web,
      CAIRN_E2E_ARTIFACTS_URL: stack.urls.artifacts,
      CAIRN_E2E_SIGN_IN_URL: createSignInLink(root, databaseUrl, stack.urls.web),
      CAIRN_E2E_DATABASE_URL: databaseUrl,
      CAIRN_E2E_DATA_DIR: e2eDataDir,
      CAIRN_E2E_LOG_DIR: e2eLogDir,
      CAIRN_E2E_OAUTH_PORT: String(E2E_OAUTH_PORT),
      // The browser suite signs artifact links the way the web app does.
      AUTH_SECRET: settings.authSecret,
    });
  } catch (error) {
    console.error(`✖ Cairn did not start for the browser suite: ${error.message}`);
    failures.push("starting Cairn for the browser suite");
  }

  step("vitest: unit, integration and browser suites");
  const report = join(resultsDir, "vitest.json");
  await runVisible(
    "npx",
    [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...filters,
    ],
    {
      cwd: root,
      env: {
        ...env,
        ...e2eEnv,
        CAIRN_TEST_DATABASE_URL: withDatabase(settings.databaseUrl, "postgres"),
        CAIRN_TEST_RESULTS_DIR: resultsDir,
      },
    },
  );
  const counts = countVitestReport(report);

  const passed = counts.passed + checksPassed;
  const failed = counts.failed + failures.length;
  if (failures.length > 0) console.log(`\nFailed checks: ${failures.join(", ")}`);
  console.log(`\n${passed} passed, ${failed} failed, ${counts.skipped} skipped`);
  return failed > 0 ? 1 : 0;
}
