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
      ssh: {
        type: "object",
        description:
          "Only while a rerun-with-SSH window is open: connect with `command` (`ssh -p PORT USER@HOST`).",
        properties: {
          host: str,
          port: { type: "integer" },
          user: str,
          command: str,
          hostKeyFingerprint: str,
          expiresAt: time,
          maxExpiresAt: time,
        },
      },
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
  Test: {
    type: "object",
    required: ["classname", "name", "result", "run_time", "message", "file"],
    properties: {
      classname: str,
      name: str,
      file: str,
      result: { type: "string", enum: ["success", "failure", "error", "skipped"] },
      run_time: { type: "number", description: "seconds" },
      message: str,
    },
  },
  TestList: page("Test"),
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
  ContextRestriction: {
    type: "object",
    required: ["id", "context_id", "restriction_type", "restriction_value"],
    properties: {
      id: str,
      context_id: str,
      restriction_type: { enum: ["project", "group", "expression"] },
      restriction_value: { ...str, description: "A project id or a group id" },
      created_at: time,
    },
  },
  ContextRestrictionList: page("ContextRestriction"),
  CreateContextRestriction: {
    type: "object",
    required: ["restriction_type", "restriction_value"],
    properties: {
      restriction_type: { enum: ["project", "group"] },
      restriction_value: { ...str, description: "A project id or a group id" },
    },
  },
  Group: {
    type: "object",
    required: ["id", "name"],
    properties: { id: str, name: str, organizationId: str },
  },
  GroupList: {
    type: "object",
    required: ["items"],
    properties: {
      items: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: str,
            name: str,
            members: {
              type: "array",
              items: { type: "object", properties: { id: str, login: str, name: str } },
            },
          },
        },
      },
    },
  },
  CreateGroup: { type: "object", required: ["name"], properties: { name: str } },
  GroupMember: {
    type: "object",
    required: ["group_id", "user_id"],
    properties: { group_id: str, user_id: str },
  },
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
      enable_ssh: {
        type: "boolean",
        description:
          "Rerun the given `jobs` with SSH: after their steps their containers stay up for the caller's SSH sessions (needs `jobs`, not `from_failed`).",
      },
    },
  },
  AddSshKey: {
    type: "object",
    required: ["title", "key"],
    properties: {
      title: { ...str, maxLength: 100 },
      key: {
        ...str,
        description: "An OpenSSH public key line, e.g. `ssh-ed25519 AAAA… you@host`.",
      },
    },
  },
  SshKey: {
    type: "object",
    required: ["id", "title", "fingerprint", "public_key"],
    properties: {
      id: str,
      title: str,
      fingerprint: { ...str, description: "`SHA256:…` as `ssh-keygen -l` prints it" },
      public_key: str,
      created_at: time,
    },
  },
  SshKeyList: page("SshKey"),
  RerunAccepted: { type: "object", required: ["workflow_id"], properties: { workflow_id: str } },
};
