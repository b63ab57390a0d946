// What the worker needs of the API, without loading the rest of it (routers, OAuth,
// provider clients): the worker's memory stays small.
export { recordAudit } from "./audit/record-audit.ts";
export { decryptDeployKey, openProjectMirror } from "./projects/project-mirror.ts";
