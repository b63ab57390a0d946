import {
  allows,
  objectBody,
  paginate,
  type Route,
  type RouteResult,
  route,
  type StandInRepository,
  type StandInRequest,
  type StandInState,
} from "./types.ts";

const STATES = new Set(["INPROGRESS", "SUCCESSFUL", "FAILED", "STOPPED"]);
const EVENTS = new Set([
  "repo:push",
  "pullrequest:created",
  "pullrequest:updated",
  "pullrequest:fulfilled",
  "pullrequest:rejected",
]);

function findRepo(
  state: StandInState,
  workspace: string,
  slug: string,
): StandInRepository | undefined {
  return state.repositories.find(
    (repo) => repo.provider === "bitbucket" && repo.fullName === `${workspace}/${slug}`,
  );
}

function acceptJson(request: StandInRequest): string | undefined {
  const accept = request.headers.accept ?? "*/*";
  if (request.path.includes("/src/")) return undefined;
  return accept.includes("application/json") || accept.includes("*/*")
    ? undefined
    : "expected Accept: application/json";
}

function repoRoute(
  method: string,
  pattern: string,
  needed: "read" | "write" | "admin",
  handle: (
    repo: StandInRepository,
    params: Record<string, string>,
    request: StandInRequest,
    state: StandInState,
  ) => RouteResult,
): Route {
  return route(
    method,
    pattern,
    (params, request, state) => {
      const repo = findRepo(state, params.workspace ?? "", params.slug ?? "");
      if (!repo) return { status: 404, error: "Repository not found" };
      if (!allows(repo, needed))
        return {
          status: 403,
          error: "Your credentials lack one or more required privilege scopes.",
        };
      return handle(repo, params, request, state);
    },
    acceptJson,
  );
}

function repoJson(repo: StandInRepository, origin: string) {
  const [workspace = "", slug = ""] = repo.fullName.split("/");
  return {
    type: "repository",
    uuid: repo.id,
    full_name: repo.fullName,
    name: slug,
    slug,
    is_private: repo.private,
    mainbranch: { type: "branch", name: repo.defaultBranch },
    workspace: { slug: workspace },
    links: {
      html: { href: `${origin}/${repo.fullName}` },
      clone: [
        { name: "https", href: `${origin}/${repo.fullName}.git` },
        { name: "ssh", href: `git@bitbucket.test:${repo.fullName}.git` },
      ],
    },
  };
}

function page<T>(request: StandInRequest, path: string, all: T[]): RouteResult {
  const pagelen = Number(request.query.pagelen ?? 10);
  const number = Number(request.query.page ?? 1);
  if (!(pagelen >= 1 && pagelen <= 100)) return { status: 400, problem: "pagelen must be 1..100" };
  const { items, more } = paginate(all, number, pagelen);
  const json: Record<string, unknown> = { pagelen, page: number, size: all.length, values: items };
  if (more) {
    const next = new URL(`${request.origin}${request.prefix}${path}`);
    for (const [key, value] of Object.entries(request.query)) next.searchParams.set(key, value);
    next.searchParams.set("page", String(number + 1));
    json.next = next.href;
  }
  return { status: 200, json };
}

export const bitbucketRoutes: Route[] = [
  route(
    "GET",
    "/user/permissions/repositories",
    (_params, request, state) => {
      let repos = state.repositories.filter((repo) => repo.provider === "bitbucket");
      const q = request.query.q;
      if (q !== undefined) {
        const match = /^repository\.full_name="([^"]+)"$/.exec(q);
        if (!match) return { status: 400, problem: `unsupported q: ${q}` };
        repos = repos.filter((repo) => repo.fullName === match[1]);
      }
      return page(
        request,
        "/user/permissions/repositories",
        repos.map((repo) => ({
          type: "repository_permission",
          permission: repo.permission,
          repository: {
            type: "repository",
            uuid: repo.id,
            full_name: repo.fullName,
            name: repo.fullName.split("/")[1],
          },
        })),
      );
    },
    acceptJson,
  ),
  route(
    "GET",
    "/repositories",
    (_params, request, state) => {
      if (request.query.role !== "member") return { status: 400, problem: "expected role=member" };
      const repos = state.repositories.filter((repo) => repo.provider === "bitbucket");
      return page(
        request,
        "/repositories",
        repos.map((repo) => repoJson(repo, request.origin)),
      );
    },
    acceptJson,
  ),
  repoRoute(
    "POST",
    "/repositories/:workspace/:slug/deploy-keys",
    "admin",
    (repo, _p, request, state) => {
      const body = objectBody(request.body);
      if (typeof body?.key !== "string" || typeof body.label !== "string")
        return { status: 400, problem: "key and label are required" };
      const key = { id: String(state.nextId++), title: body.label, key: body.key, readOnly: true };
      repo.deployKeys.push(key);
      return {
        status: 200,
        json: {
          type: "deploy_key",
          id: Number(key.id),
          key: key.key,
          label: key.title,
        },
      };
    },
  ),
  repoRoute(
    "DELETE",
    "/repositories/:workspace/:slug/deploy-keys/:keyId",
    "admin",
    (repo, params) => {
      const index = repo.deployKeys.findIndex((key) => key.id === params.keyId);
      if (index < 0) return { status: 404, error: "Deploy key not found" };
      repo.deployKeys.splice(index, 1);
      return { status: 204 };
    },
  ),
  repoRoute("POST", "/repositories/:workspace/:slug/hooks", "admin", (repo, _p, request) => {
    const body = objectBody(request.body);
    if (typeof body?.url !== "string" || typeof body.description !== "string")
      return { status: 400, problem: "url and description are required" };
    const events = body.events;
    if (
      !Array.isArray(events) ||
      events.length === 0 ||
      events.some((event) => !EVENTS.has(String(event)))
    )
      return { status: 400, problem: "events must be a non-empty list of known event keys" };
    const hook = {
      id: `{${crypto.randomUUID()}}`,
      url: body.url,
      secret: body.secret as string | undefined,
      events: events as string[],
    };
    repo.hooks.push(hook);
    return {
      status: 201,
      json: {
        type: "webhook_subscription",
        uuid: hook.id,
        url: hook.url,
        description: body.description,
        active: body.active ?? true,
        events: hook.events,
        secret_set: hook.secret !== undefined,
      },
    };
  }),
  repoRoute("DELETE", "/repositories/:workspace/:slug/hooks/:uid", "admin", (repo, params) => {
    const index = repo.hooks.findIndex((hook) => hook.id === params.uid);
    if (index < 0) return { status: 404, error: "Webhook not found" };
    repo.hooks.splice(index, 1);
    return { status: 204 };
  }),
  repoRoute("GET", "/repositories/:workspace/:slug/src/:commit/*path", "read", (repo, params) => {
    const content = repo.files[params.commit ?? ""]?.[params.path ?? ""];
    if (content === undefined) return { status: 404, error: "No such file or directory" };
    return { status: 200, text: content, contentType: "text/plain" };
  }),
  repoRoute(
    "POST",
    "/repositories/:workspace/:slug/commit/:commit/statuses/build",
    "write",
    (repo, params, request) => {
      const body = objectBody(request.body);
      if (
        typeof body?.key !== "string" ||
        typeof body.url !== "string" ||
        !STATES.has(String(body.state))
      )
        return {
          status: 400,
          problem: "key, url and state (INPROGRESS, SUCCESSFUL, FAILED, STOPPED) are required",
        };
      const status = {
        sha: params.commit ?? "",
        state: String(body.state),
        context: body.key,
        description: body.description as string | undefined,
        url: body.url,
      };
      repo.statuses.push(status);
      return {
        status: 201,
        json: {
          type: "build",
          key: status.context,
          state: status.state,
          url: status.url,
          name: body.name ?? null,
          description: status.description ?? null,
        },
      };
    },
  ),
];
