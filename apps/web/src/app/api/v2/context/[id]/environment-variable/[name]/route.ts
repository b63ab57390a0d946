import { deleteContextVariable, setContextVariable, ZContextVariableValueSchema } from "@cairn/api";
import { authenticateRequest } from "~/server/rest/authenticate.ts";
import { handleRoute } from "~/server/rest/handle-route.ts";
import { readJsonBody } from "~/server/rest/request-body.ts";
import { jsonResponse } from "~/server/rest/responses.ts";
import { restServices } from "~/server/rest/services.ts";

export const dynamic = "force-dynamic";

interface VariableParams {
  id: string;
  name: string;
}

/** Adds or replaces a variable; the answer shows its value masked. */
export const PUT = handleRoute<VariableParams>(async (request, { id, name }) => {
  const viewer = await authenticateRequest(request);
  const { value } = await readJsonBody(request, ZContextVariableValueSchema);
  return jsonResponse(await setContextVariable(restServices(), viewer, id, name, value));
});

export const DELETE = handleRoute<VariableParams>(async (request, { id, name }) => {
  const viewer = await authenticateRequest(request);
  return jsonResponse(await deleteContextVariable(restServices(), viewer, id, name));
});
