import type { Db } from "@cairn/db";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { audited } from "../audit/record-audit.ts";
import { ApiError } from "../errors.ts";
import type { Services } from "../services.ts";
import { lastFour, maskedValue, type TCreateEnvVar, ZEnvVarNameSchema } from "./env-var-input.ts";

/** What the API shows of a variable: never its value. */
export interface EnvVarItem {
  name: string;
  value: string;
}

const present = (row: { name: string; last4: string }): EnvVarItem => ({
  name: row.name,
  value: maskedValue(row.last4),
});

/** A name from a URL: invalid names cannot exist, so they are simply not found. */
function variableName(name: string) {
  if (!ZEnvVarNameSchema.safeParse(name).success) {
    throw new ApiError("not_found", "Environment variable not found");
  }
  return name;
}

/** `GET /project/{slug}/envvar`: every variable, by name, masked. */
export async function listProjectEnvVars(db: Db, viewer: Viewer, slug: string) {
  const project = await findVisibleProject(db, viewer, slug);
  const rows = await db.envVar.findMany({
    where: { projectId: project.id },
    orderBy: { name: "asc" },
    select: { name: true, last4: true },
  });
  return { items: rows.map(present), next_page_token: null };
}

/** `POST /project/{slug}/envvar`: creates the variable or replaces its value. */
export async function upsertProjectEnvVar(
  services: Pick<Services, "db" | "cipher">,
  viewer: Viewer,
  slug: string,
  input: TCreateEnvVar,
): Promise<EnvVarItem> {
  const note = {
    action: "project.env_var.create",
    target: { type: "env_var", name: input.name },
    metadata: { projectSlug: slug.slice(0, 200) },
  };
  return audited(services.db, viewer, note, async () => {
    const project = await findVisibleProject(services.db, viewer, slug);
    Object.assign(note, { projectId: project.id, organizationId: project.organizationId });
    const where = { projectId_name: { projectId: project.id, name: input.name } };
    if (await services.db.envVar.findUnique({ where, select: { id: true } })) {
      note.action = "project.env_var.update";
    }
    const { ciphertext, keyVersion } = await services.cipher.encrypt(input.value);
    const secret = { ciphertext, keyVersion, last4: lastFour(input.value) };
    const row = await services.db.envVar.upsert({
      where,
      create: { projectId: project.id, name: input.name, ...secret },
      update: secret,
    });
    return present(row);
  });
}

async function findVariable(db: Db, project: { id: string }, name: string) {
  const row = await db.envVar.findUnique({
    where: { projectId_name: { projectId: project.id, name: variableName(name) } },
  });
  if (!row) throw new ApiError("not_found", "Environment variable not found");
  return row;
}

/** `GET /project/{slug}/envvar/{name}`: the one variable, masked. */
export async function getProjectEnvVar(db: Db, viewer: Viewer, slug: string, name: string) {
  return present(await findVariable(db, await findVisibleProject(db, viewer, slug), name));
}

/** `DELETE /project/{slug}/envvar/{name}`. */
export async function deleteProjectEnvVar(db: Db, viewer: Viewer, slug: string, name: string) {
  const note = {
    action: "project.env_var.delete",
    target: { type: "env_var", name: name.slice(0, 300) },
    metadata: { projectSlug: slug.slice(0, 200) },
  };
  return audited(db, viewer, note, async () => {
    const project = await findVisibleProject(db, viewer, slug);
    Object.assign(note, { projectId: project.id, organizationId: project.organizationId });
    const row = await findVariable(db, project, name);
    await db.envVar.deleteMany({ where: { id: row.id } });
    return { message: "Environment variable deleted." };
  });
}
