import { z } from "zod";
import type { Viewer } from "../access/viewer.ts";
import { audited } from "../audit/record-audit.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { contextNote, describeContext } from "./contexts.ts";
import { findVisibleContext } from "./find-visible-context.ts";
import { type PresentedContextVariable, presentContextVariable } from "./present-context.ts";

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,255}$/;
const MAX_VALUE_LENGTH = 32_768;

export const ZContextVariableValueSchema = z.object({
  value: z.string().max(MAX_VALUE_LENGTH, `value must be at most ${MAX_VALUE_LENGTH} characters`),
});

function checkName(name: string) {
  if (!VARIABLE_NAME.test(name)) {
    throw new ApiError(
      "invalid_input",
      "A variable name must start with a letter or underscore and hold only letters, digits and underscores",
    );
  }
}

/** Shown as `xxxx` + this; a short value shows less so the mask never gives the value away. */
function lastFour(value: string) {
  return value.length >= 8 ? value.slice(-4) : "";
}

/** Adds or replaces a variable; its value is stored encrypted and never returned. */
export async function setContextVariable(
  services: Services,
  viewer: Viewer,
  contextId: string,
  name: string,
  value: string,
): Promise<PresentedContextVariable> {
  const note = contextNote("context.env_var.create", contextId);
  note.metadata = { variable: name.slice(0, 300) };
  return audited(services.db, viewer, note, async () => {
    checkName(name);
    const parsed = ZContextVariableValueSchema.safeParse({ value });
    if (!parsed.success) throw new ApiError("invalid_input", parsed.error.issues[0]!.message);
    const checked = parsed.data.value;
    const context = await findVisibleContext(services.db, viewer, contextId);
    describeContext(note, context);
    const where = { contextId_name: { contextId: context.id, name } };
    if (await services.db.contextEnvVar.findUnique({ where, select: { id: true } })) {
      note.action = "context.env_var.update";
    }
    const { ciphertext, keyVersion } = await services.cipher.encrypt(checked);
    const data = { ciphertext, keyVersion, last4: lastFour(checked) };
    const variable = await services.db.contextEnvVar.upsert({
      where,
      create: { contextId: context.id, name, ...data },
      update: data,
    });
    return presentContextVariable(variable);
  });
}

export async function deleteContextVariable(
  services: Services,
  viewer: Viewer,
  contextId: string,
  name: string,
) {
  const note = contextNote("context.env_var.delete", contextId);
  note.metadata = { variable: name.slice(0, 300) };
  return audited(services.db, viewer, note, async () => {
    checkName(name);
    const context = await findVisibleContext(services.db, viewer, contextId);
    describeContext(note, context);
    const { count } = await services.db.contextEnvVar.deleteMany({
      where: { contextId: context.id, name },
    });
    if (count === 0) throw new ApiError("not_found", "Environment variable not found");
    return { message: "Environment variable deleted." };
  });
}

/** A context's variables by name, each masked. */
export async function listContextVariables(
  services: Services,
  viewer: Viewer,
  contextId: string,
): Promise<{ items: PresentedContextVariable[]; next_page_token: null }> {
  const context = await findVisibleContext(services.db, viewer, contextId);
  const variables = await services.db.contextEnvVar.findMany({
    where: { contextId: context.id },
    orderBy: { name: "asc" },
  });
  return { items: variables.map(presentContextVariable), next_page_token: null };
}
