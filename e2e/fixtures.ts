// The set-up most browser-suite files share: a local git repository with a pipeline
// config, the local administrator signed in (API token and browser session), a project on
// that repository, and a Chromium context carrying the session cookie. Each piece knows
// how to remove what it made, so a file's afterAll stays a list of removals.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createApiToken, createSession, ensureLocalAdministrator } from "@cairn/auth";
import { createDb, type Db } from "@cairn/db";
import type { Browser, BrowserContext } from "playwright-core";
import { expect } from "vitest";
import { launchBrowser } from "./browser.ts";
import { cancelUnfinishedWork, e2eStack } from "./stack.ts";

const COMMITTER = {
  GIT_AUTHOR_NAME: "e2e",
  GIT_AUTHOR_EMAIL: "e2e@example.test",
  GIT_COMMITTER_NAME: "e2e",
  GIT_COMMITTER_EMAIL: "e2e@example.test",
};

export interface LocalRepository {
  /** The repository's working tree, the URL a `git` project is created with. */
  path: string;
  /** Runs git in the repository as the suite's committer. */
  git(...args: string[]): void;
  /** Writes a file (path relative to the repository), creating its folders. */
  write(file: string, content: string): void;
  /** Deletes the scratch folder holding the repository. */
  remove(): void;
}

/**
 * A new git repository on branch main in a scratch folder, holding `files` (paths relative
 * to the repository, e.g. `.circleci/config.yml`) committed with `message`.
 */
export function createLocalRepository(
  name: string,
  files: Record<string, string>,
  message: string,
): LocalRepository {
  const scratch = mkdtempSync(join(tmpdir(), `cairn-${name}-e2e-`));
  const path = join(scratch, "repo");
  const repository: LocalRepository = {
    path,
    git: (...args) => {
      execFileSync("git", args, {
        cwd: path,
        stdio: "ignore",
        env: { ...process.env, ...COMMITTER },
      });
    },
    write: (file, content) => {
      mkdirSync(dirname(join(path, file)), { recursive: true });
      writeFileSync(join(path, file), content);
    },
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
  for (const [file, content] of Object.entries(files)) repository.write(file, content);
  repository.git("init", "-q", "-b", "main");
  repository.git("add", "-A");
  repository.git("commit", "-qm", message);
  return repository;
}

export interface SignedInAdministrator {
  /** An API token (`Circle-Token`) of the local administrator. */
  token: string;
  /** A browser session of the local administrator (the `authjs.session-token` cookie). */
  sessionToken: string;
  /** Deletes the token and the session. */
  remove(): Promise<void>;
}

/** Gives the local administrator an API token named `tokenName` and a browser session. */
export async function signInAdministrator(
  db: Db,
  tokenName: string,
): Promise<SignedInAdministrator> {
  const admin = await ensureLocalAdministrator(db);
  const token = (await createApiToken(db, admin.id, tokenName)).token;
  const { sessionToken } = await createSession(db, admin.id);
  return {
    token,
    sessionToken,
    remove: async () => {
      await db.apiToken.deleteMany({ where: { name: tokenName } });
      await db.session.deleteMany({ where: { sessionToken } });
    },
  };
}

/** A JSON answer of the REST API; the body's shape is checked by the test's assertions. */
// biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions
export type JsonAnswer = { status: number; body: any };

/** Calls Cairn's REST API with a `Circle-Token`, sending and reading JSON. */
export function restClient(baseUrl: string, token: string) {
  return async function json(path: string, init: RequestInit = {}): Promise<JsonAnswer> {
    const response = await fetch(new URL(path, baseUrl), {
      ...init,
      headers: { "Circle-Token": token, "content-type": "application/json" },
    });
    return { status: response.status, body: await response.json() };
  };
}

export type RestClient = ReturnType<typeof restClient>;

/** Creates a `git` project on a local repository through the REST API; returns its slug. */
export async function createGitProject(
  json: RestClient,
  repositoryPath: string,
  name: string,
): Promise<string> {
  const created = await json("/api/v2/project", {
    method: "POST",
    body: JSON.stringify({ provider: "git", url: repositoryPath, name }),
  });
  expect(created.status).toBe(201);
  return created.body.slug;
}

/**
 * Cancels what is still running in the project, then deletes it (which cascades to its
 * pipelines, jobs, output, artifacts and test results).
 */
export async function removeProject(db: Db, baseUrl: string, slug: string, token: string) {
  await cancelUnfinishedWork(db, baseUrl, [slug], token);
  await db.project.deleteMany({ where: { slug } });
}

export interface SignedInBrowser {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with one 1280×1000 context that carries the session cookie for `baseUrl`. */
export async function browserSignedIn(
  baseUrl: string,
  sessionToken: string,
): Promise<SignedInBrowser> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addCookies([{ name: "authjs.session-token", value: sessionToken, url: baseUrl }]);
  return {
    browser,
    context,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

export interface BrowserSuite {
  db: Db;
  repository: LocalRepository;
  admin: SignedInAdministrator;
  /** The REST API as the local administrator. */
  json: RestClient;
  projectSlug: string;
  /** A browser context signed in as the local administrator. */
  context: BrowserContext;
  /** Closes the browser, removes the project, token, session and repository. */
  close(): Promise<void>;
}

/**
 * What most browser-suite files start from: a local repository holding `files`
 * (`prepare` may add branches before the project is made), the local administrator
 * signed in, a `git` project named `<name>-<suffix>` on the repository, and a signed-in
 * browser. Whatever fails half-way is removed again before the error is thrown.
 */
export async function startBrowserSuite(options: {
  name: string;
  suffix: string;
  files: Record<string, string>;
  message: string;
  prepare?: (repository: LocalRepository) => void;
}): Promise<BrowserSuite> {
  const { name, suffix } = options;
  const { baseUrl, databaseUrl } = e2eStack();
  const db = createDb(databaseUrl);
  let repository: LocalRepository | undefined;
  let admin: SignedInAdministrator | undefined;
  let projectSlug: string | undefined;
  let signedIn: SignedInBrowser | undefined;
  const close = async () => {
    await signedIn?.close();
    if (projectSlug && admin) await removeProject(db, baseUrl, projectSlug, admin.token);
    await admin?.remove();
    await db.$disconnect();
    repository?.remove();
  };
  try {
    repository = createLocalRepository(name, options.files, options.message);
    options.prepare?.(repository);
    admin = await signInAdministrator(db, `e2e ${name} ${suffix}`);
    const json = restClient(baseUrl, admin.token);
    projectSlug = await createGitProject(json, repository.path, `${name}-${suffix}`);
    signedIn = await browserSignedIn(baseUrl, admin.sessionToken);
    return { db, repository, admin, json, projectSlug, context: signedIn.context, close };
  } catch (error) {
    await close();
    throw error;
  }
}
