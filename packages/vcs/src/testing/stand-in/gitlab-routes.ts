import {
  expectJsonAccept,
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

const ACCESS_LEVEL = { read: 20, write: 30, admin: 40 } as const;
const STATES = new Set(["pending", "running", "success", "failed", "canceled", "skipped"]);

/** `:id` is the numeric id or the URL-encoded `namespace/path`. */
function findProject(state: StandInState, id: string): StandInRepository | undefined {
  return state.repositories.find(
    (repo) => repo.provider === "gitlab" && (repo.id === id || repo.fullName === id),
  );
}

/** Raw file contents may be fetched with any Accept; the rest answer JSON. */
function acceptJsonOrAny(request: StandInRequest): string | undefined {
  return request.path.endsWith("/raw") ? undefined : expectJsonAccept(request);
}

const projectRoute = repoRouteMaker({
  find: (state, params) => findProject(state, params.id ?? ""),
  notFound: { status: 404, error: "Project Not Found" },
  forbidden: { status: 403, error: "Forbidden" },
  checkHeaders: acceptJsonOrAny,
});

function projectJson(repo: StandInRepository, origin: string) {
  const slash = repo.fullName.lastIndexOf("/");
  return {
    id: Number(repo.id),
    path: repo.fullName.slice(slash + 1),
    path_with_namespace: repo.fullName,
    namespace: { full_path: repo.fullName.slice(0, slash) },
    visibility: repo.private ? "private" : "public",
    default_branch: repo.defaultBranch,
    ssh_url_to_repo: `git@gitlab.test:${repo.fullName}.git`,
    http_url_to_repo: `${origin}/${repo.fullName}.git`,
    web_url: `${origin}/${repo.fullName}`,
    permissions: {
      project_access: { access_level: ACCESS_LEVEL[repo.permission] },
      group_access: null,
    },
  };
}

export const gitlabRoutes: Route[] = [
  route(
    "GET",
    "/projects",
    (_params, request, state) => {
      const perPage = Number(request.query.per_page ?? 20);
      const minLevel = Number(request.query.min_access_level ?? 0);
      const all = state.repositories.filter(
        (repo) =>
          repo.provider === "gitlab" &&
          (request.query.membership !== "true" || ACCESS_LEVEL[repo.permission] >= minLevel),
      );
      const { items, page, more, headers } = linkedPage(request, "/projects", all, perPage);
      headers["X-Page"] = String(page);
      headers["X-Per-Page"] = String(perPage);
      if (more) headers["X-Next-Page"] = String(page + 1);
      return { status: 200, json: items.map((repo) => projectJson(repo, request.origin)), headers };
    },
    acceptJsonOrAny,
  ),
  projectRoute("GET", "/projects/:id", "read", (repo, _p, request) => ({
    status: 200,
    json: projectJson(repo, request.origin),
  })),
  projectRoute("POST", "/projects/:id/deploy_keys", "admin", (repo, _p, request, state) => {
    const body = objectBody(request.body);
    if (typeof body?.title !== "string" || typeof body.key !== "string")
      return { status: 400, problem: "title and key are required" };
    if (body.can_push !== undefined && typeof body.can_push !== "boolean")
      return { status: 400, problem: "can_push must be a boolean" };
    const key = {
      id: String(state.nextId++),
      title: body.title,
      key: body.key,
      readOnly: body.can_push !== true,
    };
    repo.deployKeys.push(key);
    return {
      status: 201,
      json: { id: Number(key.id), title: key.title, key: key.key, can_push: !key.readOnly },
    };
  }),
  projectRoute("DELETE", "/projects/:id/deploy_keys/:keyId", "admin", (repo, params) =>
    removeById(repo.deployKeys, params.keyId, "Deploy Key Not Found"),
  ),
  projectRoute("POST", "/projects/:id/hooks", "admin", (repo, _p, request, state) => {
    const body = objectBody(request.body);
    if (typeof body?.url !== "string") return { status: 400, problem: "url is required" };
    const flags = [
      "push_events",
      "tag_push_events",
      "merge_requests_events",
      "enable_ssl_verification",
    ];
    for (const flag of flags) {
      if (body[flag] !== undefined && typeof body[flag] !== "boolean")
        return { status: 400, problem: `${flag} must be a boolean` };
    }
    const events = flags
      .slice(0, 3)
      .filter(
        (flag) => body[flag] === true || (flag === "push_events" && body[flag] === undefined),
      );
    const hook = {
      id: String(state.nextId++),
      url: body.url,
      secret: body.token as string | undefined,
      events,
    };
    repo.hooks.push(hook);
    return {
      status: 201,
      json: {
        id: Number(hook.id),
        url: hook.url,
        project_id: Number(repo.id),
        ...Object.fromEntries(flags.map((f) => [f, body[f] ?? f === "push_events"])),
      },
    };
  }),
  projectRoute("DELETE", "/projects/:id/hooks/:hookId", "admin", (repo, params) =>
    removeById(repo.hooks, params.hookId, "Not found"),
  ),
  projectRoute(
    "GET",
    "/projects/:id/repository/files/:file/raw",
    "read",
    (repo, params, request) => {
      if (!request.query.ref) return { status: 400, problem: "ref is required" };
      const content = repo.files[request.query.ref]?.[params.file ?? ""];
      if (content === undefined) return { status: 404, error: "File Not Found" };
      return { status: 200, text: content, contentType: "text/plain; charset=utf-8" };
    },
  ),
  projectRoute("POST", "/projects/:id/statuses/:sha", "write", (repo, params, request) => {
    const body = objectBody(request.body);
    if (!STATES.has(String(body?.state)))
      return {
        status: 400,
        problem: "state must be one of pending, running, success, failed, canceled, skipped",
      };
    const status = {
      sha: params.sha ?? "",
      state: String(body?.state),
      context:
        (body?.name as string | undefined) ?? (body?.context as string | undefined) ?? "default",
      description: body?.description as string | undefined,
      url: body?.target_url as string | undefined,
    };
    repo.statuses.push(status);
    return {
      status: 201,
      json: {
        id: repo.statuses.length,
        sha: status.sha,
        status: status.state,
        name: status.context,
        target_url: status.url ?? null,
        description: status.description ?? null,
      },
    };
  }),
];
