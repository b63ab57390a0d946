import { GITHUB_API_VERSION } from "../../providers/github/github-api.ts";
import {
  linkedPage,
  objectBody,
  type Route,
  removeById,
  repoRouteMaker,
  route,
  type StandInRepository,
  type StandInRequest,
  type StandInState,
} from "./types.ts";

const JSON_MEDIA = "application/vnd.github+json";
const RAW_MEDIA = "application/vnd.github.raw+json";
const STATES = new Set(["error", "failure", "pending", "success"]);

/** GitHub answers 404 rather than 403 for repositories the user may not see. */
function findRepo(state: StandInState, owner: string, name: string): StandInRepository | undefined {
  return state.repositories.find(
    (repo) =>
      repo.provider === "github" &&
      repo.fullName.toLowerCase() === `${owner}/${name}`.toLowerCase(),
  );
}

function githubHeaders(request: StandInRequest): string | undefined {
  if (request.headers["x-github-api-version"] !== GITHUB_API_VERSION)
    return `expected X-GitHub-Api-Version: ${GITHUB_API_VERSION}`;
  if (!request.headers["user-agent"]) return "GitHub requires a User-Agent header";
  const accept = request.headers.accept ?? "";
  const wanted = request.path.includes("/contents/") ? [JSON_MEDIA, RAW_MEDIA] : [JSON_MEDIA];
  if (!wanted.includes(accept)) return `expected Accept: ${wanted.join(" or ")}`;
  return undefined;
}

const githubRoute = repoRouteMaker({
  find: (state, params) => findRepo(state, params.owner ?? "", params.repo ?? ""),
  notFound: { status: 404, error: "Not Found" },
  forbidden: { status: 404, error: "Not Found" },
  checkHeaders: githubHeaders,
});

function repoJson(repo: StandInRepository, origin: string) {
  const [owner = "", name = ""] = repo.fullName.split("/");
  return {
    id: Number(repo.id),
    name,
    full_name: repo.fullName,
    owner: { login: owner },
    private: repo.private,
    default_branch: repo.defaultBranch,
    html_url: `${origin}/${repo.fullName}`,
    ssh_url: `git@github.test:${repo.fullName}.git`,
    clone_url: `${origin}/${repo.fullName}.git`,
    permissions: {
      admin: repo.permission === "admin",
      maintain: repo.permission === "admin",
      push: repo.permission !== "read",
      triage: repo.permission !== "read",
      pull: true,
    },
  };
}

export const githubRoutes: Route[] = [
  route(
    "GET",
    "/user/repos",
    (_params, request, state) => {
      const perPage = Number(request.query.per_page ?? 30);
      if (!(perPage >= 1 && perPage <= 100))
        return { status: 422, problem: "per_page must be 1..100" };
      const all = state.repositories.filter((repo) => repo.provider === "github");
      const { items, headers } = linkedPage(request, "/user/repos", all, perPage);
      return { status: 200, json: items.map((repo) => repoJson(repo, request.origin)), headers };
    },
    githubHeaders,
  ),
  githubRoute("GET", "/repos/:owner/:repo", "read", (repo, _p, request) => ({
    status: 200,
    json: repoJson(repo, request.origin),
  })),
  githubRoute("POST", "/repos/:owner/:repo/keys", "admin", (repo, _p, request, state) => {
    const body = objectBody(request.body);
    if (typeof body?.key !== "string") return { status: 422, problem: "key is required" };
    if (body.title !== undefined && typeof body.title !== "string")
      return { status: 422, problem: "title must be a string" };
    if (body.read_only !== undefined && typeof body.read_only !== "boolean")
      return { status: 422, problem: "read_only must be a boolean" };
    const key = {
      id: String(state.nextId++),
      title: (body.title as string | undefined) ?? "",
      key: body.key,
      readOnly: body.read_only === true,
    };
    repo.deployKeys.push(key);
    return {
      status: 201,
      json: {
        id: Number(key.id),
        key: key.key,
        title: key.title,
        read_only: key.readOnly,
        verified: true,
      },
    };
  }),
  githubRoute("DELETE", "/repos/:owner/:repo/keys/:id", "admin", (repo, params) =>
    removeById(repo.deployKeys, params.id, "Not Found"),
  ),
  githubRoute("POST", "/repos/:owner/:repo/hooks", "admin", (repo, _p, request, state) => {
    const body = objectBody(request.body);
    const config = objectBody(body?.config);
    if (typeof config?.url !== "string") return { status: 422, problem: "config.url is required" };
    if (body?.name !== undefined && body.name !== "web")
      return { status: 422, problem: 'name must be "web"' };
    if (
      config.content_type !== undefined &&
      !["json", "form"].includes(String(config.content_type))
    )
      return { status: 422, problem: "config.content_type must be json or form" };
    const events = body?.events ?? ["push"];
    if (!Array.isArray(events) || events.some((event) => typeof event !== "string"))
      return { status: 422, problem: "events must be an array of strings" };
    const hook = {
      id: String(state.nextId++),
      url: config.url,
      secret: config.secret as string | undefined,
      events: events as string[],
    };
    repo.hooks.push(hook);
    return {
      status: 201,
      json: {
        type: "Repository",
        id: Number(hook.id),
        name: "web",
        active: body?.active ?? true,
        events: hook.events,
        config: {
          url: hook.url,
          content_type: config.content_type ?? "form",
          insecure_ssl: "0",
          secret: "********",
        },
      },
    };
  }),
  githubRoute("DELETE", "/repos/:owner/:repo/hooks/:id", "admin", (repo, params) =>
    removeById(repo.hooks, params.id, "Not Found"),
  ),
  githubRoute("GET", "/repos/:owner/:repo/contents/*path", "read", (repo, params, request) => {
    const ref = request.query.ref ?? repo.defaultBranch;
    const content = repo.files[ref]?.[params.path ?? ""];
    if (content === undefined) return { status: 404, error: "Not Found" };
    if (request.headers.accept === RAW_MEDIA)
      return {
        status: 200,
        text: content,
        contentType: "application/vnd.github.raw; charset=utf-8",
      };
    return {
      status: 200,
      json: {
        type: "file",
        encoding: "base64",
        path: params.path,
        content: Buffer.from(content).toString("base64"),
      },
    };
  }),
  githubRoute("POST", "/repos/:owner/:repo/statuses/:sha", "write", (repo, params, request) => {
    const body = objectBody(request.body);
    if (!STATES.has(String(body?.state)))
      return { status: 422, problem: "state must be error, failure, pending or success" };
    for (const field of ["target_url", "description", "context"]) {
      if (body?.[field] !== undefined && body[field] !== null && typeof body[field] !== "string")
        return { status: 422, problem: `${field} must be a string` };
    }
    if (!/^[0-9a-f]{40}$/.test(params.sha ?? ""))
      return { status: 422, error: "No commit found for SHA" };
    const status = {
      sha: params.sha ?? "",
      state: String(body?.state),
      context: (body?.context as string | undefined) ?? "default",
      description: body?.description as string | undefined,
      url: body?.target_url as string | undefined,
    };
    repo.statuses.push(status);
    return {
      status: 201,
      json: {
        id: repo.statuses.length,
        state: status.state,
        context: status.context,
        target_url: status.url ?? null,
        description: status.description ?? null,
      },
    };
  }),
];
