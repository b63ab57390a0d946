import type { Context, ContextEnvVar } from "@cairn/db";

/** CircleCI v2's context shape. */
export function presentContext(context: Pick<Context, "id" | "name" | "createdAt">) {
  return { id: context.id, name: context.name, created_at: context.createdAt.toISOString() };
}

/** CircleCI v2's context variable shape; the value itself never leaves the server. */
export function presentContextVariable(
  variable: Pick<ContextEnvVar, "name" | "contextId" | "last4" | "createdAt" | "updatedAt">,
) {
  return {
    variable: variable.name,
    value: `xxxx${variable.last4}`,
    context_id: variable.contextId,
    created_at: variable.createdAt.toISOString(),
    updated_at: variable.updatedAt.toISOString(),
  };
}

export type PresentedContext = ReturnType<typeof presentContext>;
export type PresentedContextVariable = ReturnType<typeof presentContextVariable>;
