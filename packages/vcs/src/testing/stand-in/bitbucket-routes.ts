import {
  expectJsonAccept,
  nextPageUrl,
  objectBody,
  paginate,
  type Route,
  type RouteResult,
  removeById,
  repoRouteMaker,
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

/** File contents may be fetched with any Accept; the rest answer JSON. */
function acceptJson(request: StandInRequest): string | undefined {
  return request.path.includes("/src/") ? undefined : expectJsonAccept(request);
}

const repoRoute = repoRouteMaker({
  find: (state, params) => findRepo(state, params.workspace ?? "", params.slug ?? ""),
  notFound: { status: 404, error: "Repository not found" },
  forbidden: {
    status: 403,
    error: "Your credentials lack one or more required privilege scopes.",
  },
  checkHeaders: acceptJson,
});

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
    json.next = nextPageUrl(request, path, number);
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
    (repo, params) => removeById(repo.deployKeys, params.keyId, "Deploy key not found"),
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
  repoRoute("DELETE", "/repositories/:workspace/:slug/hooks/:uid", "admin", (repo, params) =>
    removeById(repo.hooks, params.uid, "Webhook not found"),
  ),
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
