// Makes sure a PostgreSQL server is reachable for Cairn, starting or installing the local
// one only when nothing was configured. Returns how to stop what it started.
import { connect } from "node:net";
import { fail, installOsPackages, isRoot, run, step, waitFor, which } from "./shell.mjs";

export const DEFAULT_DATABASE_URL = "postgresql://cairn:cairn@127.0.0.1:5432/cairn";

function tcpReachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The Debian clusters, from `pg_lsclusters -h`: version, name, port, status. */
function debianClusters() {
  const listed = run("pg_lsclusters", ["-h"]);
  if (!listed.ok) return [];
  return listed.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [version, name, port, status] = line.split(/\s+/);
      return { version, name, port: Number(port), status };
    });
}

function psqlAsPostgres(sql) {
  return run("runuser", ["-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-tAc", sql], {
    cwd: "/",
  });
}

/** Creates the `cairn` role and database in a local server we administer as root. */
function ensureLocalRoleAndDatabase(url) {
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const database = url.pathname.slice(1);
  const quote = (value) => `'${value.replaceAll("'", "''")}'`;
  const role = psqlAsPostgres(`SELECT 1 FROM pg_roles WHERE rolname = ${quote(user)}`);
  if (!role.ok) fail(`cannot administer the local PostgreSQL server: ${role.stderr.trim()}`);
  if (role.stdout.trim() !== "1") {
    step(`creating PostgreSQL role ${user}`);
    const created = psqlAsPostgres(
      `CREATE ROLE "${user}" LOGIN CREATEDB PASSWORD ${quote(password)}`,
    );
    if (!created.ok) fail(`creating role ${user} failed: ${created.stderr.trim()}`);
  }
  // Test databases are dropped WITH (FORCE), which must also end an autovacuum worker
  // that happens to be in them: that needs pg_signal_backend.
  const granted = psqlAsPostgres(`GRANT pg_signal_backend TO "${user}"`);
  if (!granted.ok) fail(`granting pg_signal_backend to ${user} failed: ${granted.stderr.trim()}`);
  const exists = psqlAsPostgres(`SELECT 1 FROM pg_database WHERE datname = ${quote(database)}`);
  if (exists.stdout.trim() !== "1") {
    step(`creating database ${database}`);
    const created = psqlAsPostgres(`CREATE DATABASE "${database}" OWNER "${user}"`);
    if (!created.ok) fail(`creating database ${database} failed: ${created.stderr.trim()}`);
  }
}

/**
 * Reuses the server in DATABASE_URL when set; otherwise reuses a running local server or
 * starts (installing on Debian/Ubuntu as root) the OS's PostgreSQL cluster.
 */
export async function ensurePostgres(configuredUrl) {
  const databaseUrl = configuredUrl ?? DEFAULT_DATABASE_URL;
  const url = new URL(databaseUrl);
  const host = url.hostname || "127.0.0.1";
  const port = Number(url.port || 5432);
  let stop = async () => {};

  if (await tcpReachable(host, port)) {
    step(`PostgreSQL: using the server at ${host}:${port}`);
  } else if (configuredUrl) {
    fail(`PostgreSQL at ${host}:${port} (DATABASE_URL) is not reachable.`);
  } else {
    if (!which("pg_ctlcluster") && !which("postgres")) {
      await installOsPackages(["postgresql"], "PostgreSQL");
    }
    const cluster = debianClusters().find((c) => c.port === port);
    if (!cluster || !which("pg_ctlcluster")) {
      fail(
        `no PostgreSQL server answers on ${host}:${port}.\n` +
          "  Start one, or set DATABASE_URL to an existing server (see README, Configuration).",
      );
    }
    step(`PostgreSQL: starting cluster ${cluster.version}/${cluster.name}`);
    const started = run("pg_ctlcluster", [cluster.version, cluster.name, "start"]);
    if (!started.ok) fail(`starting PostgreSQL failed: ${started.stderr.trim()}`);
    if (!(await waitFor(() => tcpReachable(host, port), 30_000))) {
      fail(`PostgreSQL started but does not answer on ${host}:${port}.`);
    }
    stop = async () => {
      run("pg_ctlcluster", [cluster.version, cluster.name, "stop", "-m", "fast"]);
    };
  }

  // The local default is ours to set up; a configured server is the administrator's.
  if (!configuredUrl && isRoot && which("runuser")) ensureLocalRoleAndDatabase(url);
  return { databaseUrl, stop };
}

/** A URL to the same server and credentials but another database. */
export function withDatabase(databaseUrl, database) {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
