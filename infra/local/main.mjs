// The two commands of the README: `npm start` (set up, then run Cairn until Ctrl-C) and
// `npm test` (the same set-up, then every test suite). `npm run setup` does the set-up only.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createSignInLink, migrate } from "./database.mjs";
import { ensureDocker } from "./docker.mjs";
import { ensurePostgres } from "./postgres.mjs";
import {
  fail,
  installOsPackages,
  isDebianLike,
  isRoot,
  mustRun,
  SetupError,
  step,
  which,
} from "./shell.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const stateDir = join(root, ".cairn");
const command = process.argv[2] ?? "start";

/** What stops the services this run started, newest first, run once. */
const cleanups = [];
let cleaningUp = false;
async function cleanUpAndExit(code) {
  if (cleaningUp) return;
  cleaningUp = true;
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`while stopping: ${error.message}`);
    }
  }
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.log(`\n${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping what was started…`);
    cleanUpAndExit(130);
  });
}

function readSetting(name, fallback) {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : value;
}

function readPort(name, fallback) {
  const value = Number(readSetting(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(`${name} must be a TCP port.`);
  return value;
}

async function ensureDependencies() {
  const installed = join(root, "node_modules/.package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  step("installing npm dependencies");
  await mustRun("npm ci", "npm", ["ci", "--no-audit", "--no-fund"], { cwd: root });
}

/**
 * Secrets a local installation needs, generated once. AUTH_SECRET stays in .cairn/ (mode
 * 600); the master key that encrypts stored secrets lives outside the checkout, in
 * CAIRN_MASTER_KEY_FILE (default $XDG_CONFIG_HOME/cairn/master.key), which the apps read
 * and `cairn secrets rotate` extends. A key kept in .cairn/ by older versions moves there.
 */
function ensureLocalSecrets() {
  const file = join(stateDir, "secrets.json");
  let saved = {};
  if (existsSync(file)) saved = JSON.parse(readFileSync(file, "utf8"));
  const authSecret = saved.authSecret ?? randomBytes(32).toString("base64url");
  const configuredKey = readSetting("CAIRN_MASTER_KEY", undefined);
  const moved = !configuredKey && ensureMasterKeyFile(saved.masterKey);
  const { masterKey: _moved, ...kept } = saved;
  if (saved.authSecret !== authSecret || moved) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...kept, authSecret }, null, 2)}\n`, { mode: 0o600 });
  }
  return { authSecret: readSetting("AUTH_SECRET", authSecret), masterKey: configuredKey };
}

/**
 * Creates the master key file (0600, folder 0700) unless it exists, and says where it is.
 * True when `legacyKey` (from .cairn/secrets.json) is now safely in the file.
 */
function ensureMasterKeyFile(legacyKey) {
  const configHome = readSetting("XDG_CONFIG_HOME", join(homedir(), ".config"));
  const keyFile = resolve(
    readSetting("CAIRN_MASTER_KEY_FILE", join(configHome, "cairn", "master.key")),
  );
  // The apps inherit the launcher's environment.
  process.env.CAIRN_MASTER_KEY_FILE = keyFile;
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    const key = legacyKey ?? randomBytes(32).toString("base64");
    writeFileSync(keyFile, `1:${key}\n`, { mode: 0o600, flag: "wx" });
    console.log(
      `Master key ${legacyKey ? "moved to" : "created in"} ${keyFile} (mode 600): back it up.`,
    );
    return Boolean(legacyKey);
  }
  console.log(`Master key: ${keyFile}`);
  return Boolean(legacyKey) && readFileSync(keyFile, "utf8").includes(legacyKey);
}

const npx = (args, options = {}) =>
  mustRun(`npx ${args.join(" ")}`, "npx", args, {
    cwd: root,
    ...options,
    env: {
      ...process.env,
      TURBO_TELEMETRY_DISABLED: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      ...options.env,
    },
  });

/** Everything both commands need before Cairn can run. */
async function setUp() {
  await ensureDependencies();
  const configuredDatabase = readSetting("DATABASE_URL", undefined);
  const configuredDocker = readSetting("DOCKER_HOST", undefined);
  const postgres = await ensurePostgres(configuredDatabase);
  cleanups.push(postgres.stop);
  const docker = await ensureDocker(configuredDocker, join(stateDir, "logs"));
  cleanups.push(docker.stop);

  // build.sh makes the job images from Debian packages; debootstrap is needed only to build.
  // (build.sh itself explains what is missing elsewhere.)
  if (!which("debootstrap") && isDebianLike() && isRoot) {
    await installOsPackages(["debootstrap"], "debootstrap, to build job images");
  }
  step("job images: building the ones that are missing");
  await mustRun("building job images", "bash", [join(root, "infra/images/build.sh")]);
  step("generating the database client");
  await npx(["turbo", "run", "generate", "--output-logs=errors-only"]);
  step("applying database migrations");
  await migrate(root, postgres.databaseUrl);
  step("building the web app (cached when unchanged)");
  await npx(["turbo", "run", "build", "--filter=@cairn/web", "--output-logs=errors-only"]);

  return {
    databaseUrl: postgres.databaseUrl,
    dockerHost: configuredDocker,
    dataDir: readSetting("CAIRN_DATA_DIR", join(stateDir, "data")),
    ...ensureLocalSecrets(),
  };
}

async function start() {
  const settings = await setUp();
  const { startStack } = await import("./stack.mjs");
  const ports = {
    webPort: readPort("CAIRN_WEB_PORT", 3000),
    artifactsPort: readPort("CAIRN_ARTIFACTS_PORT", 3001),
    workerHealthPort: readPort("CAIRN_WORKER_HEALTH_PORT", 3002),
  };
  step("starting web, artifacts and worker");
  let stack;
  try {
    stack = await startStack(
      root,
      { ...settings, ...ports, logDir: join(stateDir, "logs") },
      {
        onCrash: (crashed) => {
          console.error(
            `\n✖ ${crashed.name} stopped unexpectedly (${crashed.code}); stopping Cairn.`,
          );
          cleanUpAndExit(1);
        },
      },
    );
  } catch (error) {
    console.error(`\n✖ Cairn did not start: ${error.message}`);
    return cleanUpAndExit(1);
  }
  cleanups.push(stack.stop);
  const link = createSignInLink(root, settings.databaseUrl, stack.urls.web);
  console.log("");
  console.log(`Web:        ${stack.urls.web}`);
  console.log(`Artifacts:  ${stack.urls.artifacts}`);
  console.log(`Sign in: ${link}`);
  console.log("Cairn is ready (Ctrl-C stops it)");
}

async function main() {
  if (command === "setup") {
    await setUp();
    step("set-up complete");
    return cleanUpAndExit(0);
  }
  if (command === "start") return start();
  if (command === "test") {
    const { runAllTests } = await import("./test.mjs");
    const settings = await setUp();
    const code = await runAllTests(root, settings, cleanups, process.argv.slice(3));
    return cleanUpAndExit(code);
  }
  fail(`unknown command ${command}: use start, test or setup.`);
}

main().catch((error) => {
  console.error(error instanceof SetupError ? `\n✖ ${error.message}` : error);
  cleanUpAndExit(1);
});
