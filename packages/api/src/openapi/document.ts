import { schemas } from "./schemas.ts";
import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter } from "./types.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ "application/json": { schema } });
const pathParam = (name: string, description?: string): OpenApiParameter => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string" },
  ...(description ? { description } : {}),
});
const slug = [
  pathParam("provider", "`git` for projects added by URL"),
  pathParam("org"),
  pathParam("name"),
];
const id = [pathParam("id")];
const jobNumber = pathParam("number", "The job number within the project");

const errors = {
  "400": { description: "Invalid input", content: json(ref("Error")) },
  "401": { description: "No or bad Circle-Token / session", content: json(ref("Error")) },
  "404": { description: "Unknown, or not visible to the caller", content: json(ref("Error")) },
};

interface OperationSpec {
  summary: string;
  operationId: string;
  tag: string;
  parameters?: OpenApiParameter[];
  body?: string;
  status?: string;
  answer: string | { description: string; content: Record<string, { schema: JsonSchema }> };
  conflict?: boolean;
}

function operation(spec: OperationSpec): OpenApiOperation {
  const success =
    typeof spec.answer === "string"
      ? { description: "Success", content: json(ref(spec.answer)) }
      : spec.answer;
  return {
    summary: spec.summary,
    operationId: spec.operationId,
    tags: [spec.tag],
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: json(ref(spec.body)) } } : {}),
    responses: {
      [spec.status ?? "200"]: success,
      ...errors,
      ...(spec.conflict
        ? {
            "409": {
              description: "Not possible in the current state",
              content: json(ref("Error")),
            },
          }
        : {}),
    },
  };
}

const P = "/project/{provider}/{org}/{name}";

/** Every `/api/v2` route the web app serves, in CircleCI's v2 shapes. */
export const openApiDocument: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Cairn API",
    version: "2",
    description:
      "The CircleCI-compatible REST API of Cairn. Send a personal API token in `Circle-Token`; a signed-in browser session works too (changes only from Cairn's own origin). Anything the caller may not see answers 404.",
  },
  servers: [{ url: "/api/v2" }],
  security: [{ CircleToken: [] }],
  components: {
    securitySchemes: {
      CircleToken: {
        type: "apiKey",
        in: "header",
        name: "Circle-Token",
        description: "A personal API token from the user settings page.",
      },
    },
    schemas,
  },
  paths: {
    "/project": {
      post: operation({
        summary: "Add a project from a git URL",
        operationId: "createProject",
        tag: "Project",
        body: "CreateProject",
        status: "201",
        answer: "CreatedProject",
        conflict: true,
      }),
    },
    [P]: {
      get: operation({
        summary: "Get a project",
        operationId: "getProjectBySlug",
        tag: "Project",
        parameters: slug,
        answer: "Project",
      }),
    },
    [`${P}/pipeline`]: {
      get: operation({
        summary: "List a project's pipelines, newest first",
        operationId: "listPipelinesForProject",
        tag: "Pipeline",
        parameters: [
          ...slug,
          { name: "branch", in: "query", required: false, schema: { type: "string" } },
          { name: "page-token", in: "query", required: false, schema: { type: "string" } },
        ],
        answer: "PipelineList",
      }),
      post: operation({
        summary: "Trigger a pipeline",
        operationId: "triggerPipeline",
        tag: "Pipeline",
        parameters: slug,
        body: "TriggerPipeline",
        status: "201",
        answer: "PipelineCreated",
      }),
    },
    [`${P}/job/{number}`]: {
      get: operation({
        summary: "Get a job's details",
        operationId: "getJobDetails",
        tag: "Job",
        parameters: [...slug, jobNumber],
        answer: "JobDetails",
      }),
    },
    [`${P}/job/{number}/cancel`]: {
      post: operation({
        summary: "Cancel a job",
        operationId: "cancelJob",
        tag: "Job",
        parameters: [...slug, jobNumber],
        status: "202",
        answer: "CanceledJobs",
        conflict: true,
      }),
    },
    [`${P}/job/{number}/output`]: {
      get: operation({
        summary: "A job's log as plain text",
        operationId: "getJobOutput",
        tag: "Job",
        parameters: [
          ...slug,
          jobNumber,
          { name: "step", in: "query", required: false, schema: { type: "integer" } },
          {
            name: "index",
            in: "query",
            required: false,
            description: "The parallel copy (default 0)",
            schema: { type: "integer" },
          },
        ],
        answer: {
          description: "The log, secrets masked",
          content: { "text/plain": { schema: { type: "string" } } },
        },
      }),
    },
    [`${P}/{number}/artifacts`]: {
      get: operation({
        summary: "A job's artifacts with short-lived links",
        operationId: "getJobArtifacts",
        tag: "Job",
        parameters: [...slug, jobNumber],
        answer: "ArtifactList",
      }),
    },
    [`${P}/{number}/tests`]: {
      get: operation({
        summary: "A job's test results (JUnit, from store_test_results)",
        operationId: "getJobTests",
        tag: "Job",
        parameters: [...slug, jobNumber],
        answer: "TestList",
      }),
    },
    [`${P}/envvar`]: {
      get: operation({
        summary: "List a project's environment variables (values masked)",
        operationId: "listEnvVars",
        tag: "Project",
        parameters: slug,
        answer: "EnvVarList",
      }),
      post: operation({
        summary: "Create or replace an environment variable",
        operationId: "createEnvVar",
        tag: "Project",
        parameters: slug,
        body: "CreateEnvVar",
        status: "201",
        answer: "EnvVar",
      }),
    },
    [`${P}/envvar/{env-var-name}`]: {
      get: operation({
        summary: "Get an environment variable (value masked)",
        operationId: "getEnvVar",
        tag: "Project",
        parameters: [...slug, pathParam("env-var-name")],
        answer: "EnvVar",
      }),
      delete: operation({
        summary: "Delete an environment variable",
        operationId: "deleteEnvVar",
        tag: "Project",
        parameters: [...slug, pathParam("env-var-name")],
        answer: "Message",
      }),
    },
    [`${P}/checkout-key`]: {
      get: operation({
        summary: "List a project's checkout keys (its deploy key)",
        operationId: "listCheckoutKeys",
        tag: "Project",
        parameters: slug,
        answer: "CheckoutKeyList",
      }),
    },
    "/pipeline/{id}": {
      get: operation({
        summary: "Get a pipeline",
        operationId: "getPipelineById",
        tag: "Pipeline",
        parameters: id,
        answer: "Pipeline",
      }),
    },
    "/pipeline/{id}/workflow": {
      get: operation({
        summary: "List a pipeline's workflows",
        operationId: "listWorkflowsByPipelineId",
        tag: "Pipeline",
        parameters: id,
        answer: "WorkflowList",
      }),
    },
    "/workflow/{id}": {
      get: operation({
        summary: "Get a workflow",
        operationId: "getWorkflowById",
        tag: "Workflow",
        parameters: id,
        answer: "Workflow",
      }),
    },
    "/workflow/{id}/job": {
      get: operation({
        summary: "List a workflow's jobs",
        operationId: "listWorkflowJobs",
        tag: "Workflow",
        parameters: id,
        answer: "WorkflowJobList",
      }),
    },
    "/workflow/{id}/cancel": {
      post: operation({
        summary: "Cancel a workflow's unfinished jobs",
        operationId: "cancelWorkflow",
        tag: "Workflow",
        parameters: id,
        status: "202",
        answer: "CanceledJobs",
        conflict: true,
      }),
    },
    "/workflow/{id}/rerun": {
      post: operation({
        summary:
          "Rerun a finished workflow (all, from failed, or given jobs; with `enable_ssh`, the given jobs stay up for SSH)",
        operationId: "rerunWorkflow",
        tag: "Workflow",
        parameters: id,
        body: "RerunWorkflow",
        status: "202",
        answer: "RerunAccepted",
        conflict: true,
      }),
    },
    "/workflow/{id}/approve/{approval_request_id}": {
      post: operation({
        summary: "Approve an approval job on hold",
        operationId: "approvePendingApprovalJobById",
        tag: "Workflow",
        parameters: [...id, pathParam("approval_request_id", "The approval job's id")],
        status: "202",
        answer: "Message",
        conflict: true,
      }),
    },
    "/me/ssh-key": {
      get: operation({
        summary: "List your SSH keys (for rerun with SSH)",
        operationId: "listMySshKeys",
        tag: "User",
        answer: "SshKeyList",
      }),
      post: operation({
        summary: "Add an SSH public key (for rerun with SSH)",
        operationId: "addMySshKey",
        tag: "User",
        body: "AddSshKey",
        status: "201",
        answer: "SshKey",
        conflict: true,
      }),
    },
    "/me/ssh-key/{id}": {
      delete: operation({
        summary: "Remove one of your SSH keys",
        operationId: "deleteMySshKey",
        tag: "User",
        parameters: id,
        answer: "Message",
      }),
    },
    "/context": {
      get: operation({
        summary: "List an organization's contexts",
        operationId: "listContexts",
        tag: "Context",
        parameters: [
          { name: "owner-slug", in: "query", required: false, schema: { type: "string" } },
        ],
        answer: "ContextList",
      }),
      post: operation({
        summary: "Create a context",
        operationId: "createContext",
        tag: "Context",
        body: "CreateContext",
        status: "201",
        answer: "Context",
        conflict: true,
      }),
    },
    "/context/{id}": {
      delete: operation({
        summary: "Delete a context and its variables",
        operationId: "deleteContext",
        tag: "Context",
        parameters: id,
        answer: "Message",
      }),
    },
    "/context/{id}/environment-variable": {
      get: operation({
        summary: "List a context's variables (values masked)",
        operationId: "listEnvironmentVariablesFromContext",
        tag: "Context",
        parameters: id,
        answer: "ContextVariableList",
      }),
    },
    "/context/{id}/environment-variable/{name}": {
      put: operation({
        summary: "Set a context variable (stored encrypted, never shown again)",
        operationId: "addEnvironmentVariableToContext",
        tag: "Context",
        parameters: [...id, pathParam("name")],
        body: "SetContextVariable",
        answer: "ContextVariable",
      }),
      delete: operation({
        summary: "Delete a context variable",
        operationId: "deleteEnvironmentVariableFromContext",
        tag: "Context",
        parameters: [...id, pathParam("name")],
        answer: "Message",
      }),
    },
    "/context/{id}/restrictions": {
      get: operation({
        summary: "List a context's project and group restrictions",
        operationId: "getContextRestrictions",
        tag: "Context",
        parameters: id,
        answer: "ContextRestrictionList",
      }),
      post: operation({
        summary: "Restrict a context to a project or a group (owners and admins)",
        operationId: "createContextRestriction",
        tag: "Context",
        parameters: id,
        body: "CreateContextRestriction",
        status: "201",
        answer: "ContextRestriction",
      }),
    },
    "/context/{id}/restrictions/{restrictionId}": {
      delete: operation({
        summary: "Delete a context restriction (owners and admins)",
        operationId: "deleteContextRestriction",
        tag: "Context",
        parameters: [...id, pathParam("restrictionId")],
        answer: "Message",
      }),
    },
    "/organization/{slug}/group": {
      get: operation({
        summary: "List an organization's groups and their members (Cairn extension)",
        operationId: "listGroups",
        tag: "Group",
        parameters: [pathParam("slug", "Organization slug")],
        answer: "GroupList",
      }),
      post: operation({
        summary: "Create a group (owners and admins; Cairn extension)",
        operationId: "createGroup",
        tag: "Group",
        parameters: [pathParam("slug", "Organization slug")],
        body: "CreateGroup",
        status: "201",
        answer: "Group",
        conflict: true,
      }),
    },
    "/group/{id}": {
      delete: operation({
        summary: "Delete a group (owners and admins; Cairn extension)",
        operationId: "deleteGroup",
        tag: "Group",
        parameters: id,
        answer: "Message",
      }),
    },
    "/group/{id}/member/{userId}": {
      put: operation({
        summary: "Add a member of the organization to a group (Cairn extension)",
        operationId: "addGroupMember",
        tag: "Group",
        parameters: [...id, pathParam("userId")],
        answer: "GroupMember",
      }),
      delete: operation({
        summary: "Remove a member from a group (Cairn extension)",
        operationId: "removeGroupMember",
        tag: "Group",
        parameters: [...id, pathParam("userId")],
        answer: "Message",
      }),
    },
    "/openapi.json": {
      get: {
        summary: "This document",
        operationId: "getOpenApiDocument",
        tags: ["Meta"],
        security: [],
        responses: { "200": { description: "OpenAPI 3.1", content: json({ type: "object" }) } },
      },
    },
  },
};
