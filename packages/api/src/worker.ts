// What the worker and the command line need of the API, without loading the rest of it
// (routers, OAuth, provider clients): the worker's memory stays small, the CLI starts fast.
export { recordAudit } from "./audit/record-audit.ts";
export { decryptDeployKey, openProjectMirror } from "./projects/project-mirror.ts";
