import type { JsonSchema } from "./types.ts";

const str = { type: "string" } as const;
const nullableStr = { type: ["string", "null"] } as const;
const time = { type: "string", format: "date-time" } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const page = (item: string): JsonSchema => ({
  type: "object",
  required: ["items", "next_page_token"],
  properties: { items: { type: "array", items: ref(item) }, next_page_token: nullableStr },
});

/** The answers' shapes (CircleCI API v2), shared by the paths. */
export const schemas: Record<string, JsonSchema> = {
  Error: { type: "object", required: ["message"], properties: { message: str } },
  Message: { type: "object", required: ["message"], properties: { message: str } },
  Project: {
    type: "object",
    properties: {
      id: str,
      slug: str,
      name: str,
      organization_name: str,
      organization_slug: str,
      organization_id: str,
      vcs_info: {
        type: "object",
        properties: { vcs_url: str, provider: str, default_branch: str },
      },
    },
  },
  CreateProject: {
    type: "object",
    required: ["provider", "url", "name"],
    properties: {
      provider: { const: "git" },
      url: { ...str, description: "ssh://, https:// (or, for administrators, a local path)" },
      name: str,
      default_branch: str,
    },
  },
  CreatedProject: {
    type: "object",
    properties: { slug: str, webhook_url: str, webhook_secret: str, deploy_key_public: str },
  },
  Pipeline: {
    type: "object",
    properties: {
      id: str,
      number: { type: "integer" },
      project_slug: str,
      state: { enum: ["created", "errored", "setup-pending", "setup", "pending"] },
      created_at: time,
      errors: { type: "array", items: { type: "object" } },
      vcs: { type: "object" },
      trigger: { type: "object" },
    },
  },
  PipelineList: page("Pipeline"),
  TriggerPipeline: {
    type: "object",
    properties: {
      branch: str,
      tag: str,
      parameters: {
        type: "object",
        additionalProperties: { type: ["string", "number", "boolean"] },
      },
    },
  },
  PipelineCreated: {
    type: "object",
    properties: { id: str, number: { type: "integer" }, state: str, created_at: time },
  },
  Workflow: {
    type: "object",
    properties: {
      id: str,
      name: str,
      pipeline_id: str,
      pipeline_number: { type: "integer" },
      project_slug: str,
      status: str,
      created_at: time,
      stopped_at: { type: ["string", "null"], format: "date-time" },
    },
  },
  WorkflowList: page("Workflow"),
  WorkflowJob: {
    type: "object",
    properties: {
      id: str,
      name: str,
      type: { enum: ["build", "approval"] },
      status: str,
      job_number: { type: ["integer", "null"] },
      dependencies: { type: "array", items: str },
      approval_request_id: str,
      started_at: { type: ["string", "null"], format: "date-time" },
      stopped_at: { type: ["string", "null"], format: "date-time" },
    },
  },
  WorkflowJobList: page("WorkflowJob"),
  JobDetails: {
    type: "object",
    properties: {
      number: { type: "integer" },
      name: str,
      status: str,
      web_url: str,
      project: { type: "object" },
      pipeline: { type: "object" },
      latest_workflow: { type: "object" },
      started_at: { type: ["string", "null"], format: "date-time" },
      stopped_at: { type: ["string", "null"], format: "date-time" },
      parallelism: { type: "integer" },
    },
  },
  CanceledJobs: {
    type: "object",
    properties: { message: str, canceled_job_ids: { type: "array", items: str } },
  },
  Artifact: {
    type: "object",
    required: ["path", "node_index", "url"],
    properties: { path: str, node_index: { type: "integer" }, url: str },
  },
  ArtifactList: page("Artifact"),
  EnvVar: {
    type: "object",
    required: ["name", "value"],
    properties: { name: str, value: { ...str, description: "`xxxx` + the last 4 characters" } },
  },
  EnvVarList: page("EnvVar"),
  Context: {
    type: "object",
    required: ["id", "name", "created_at"],
    properties: { id: str, name: str, created_at: time },
  },
  ContextList: page("Context"),
  CreateContext: {
    type: "object",
    required: ["name"],
    properties: {
      name: str,
      owner: {
        type: "object",
        properties: { slug: { ...str, description: "Organization slug; default: your own" } },
      },
    },
  },
  ContextVariable: {
    type: "object",
    required: ["variable", "context_id"],
    properties: {
      variable: str,
      value: { ...str, description: "Masked: `xxxx` and the last 4 characters" },
      context_id: str,
      created_at: time,
      updated_at: time,
    },
  },
  ContextVariableList: page("ContextVariable"),
  SetContextVariable: { type: "object", required: ["value"], properties: { value: str } },
  CreateEnvVar: {
    type: "object",
    required: ["name", "value"],
    properties: {
      name: { ...str, pattern: "^[A-Za-z_][A-Za-z0-9_]*$", maxLength: 256 },
      value: { ...str, description: "At most 128 KB (UTF-8)." },
    },
  },
  CheckoutKey: {
    type: "object",
    properties: {
      type: { const: "deploy-key" },
      preferred: { type: "boolean" },
      public_key: str,
      fingerprint: str,
      created_at: time,
    },
  },
  CheckoutKeyList: page("CheckoutKey"),
  RerunWorkflow: {
    type: "object",
    properties: {
      jobs: { type: "array", items: str, description: "Ids of the jobs to run again." },
      from_failed: { type: "boolean" },
    },
  },
  RerunAccepted: { type: "object", required: ["workflow_id"], properties: { workflow_id: str } },
};
