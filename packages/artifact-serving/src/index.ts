export { artifactsBaseDomain, parseArtifactHost, projectArtifactOrigin } from "./host.ts";
export {
  escapeHtml,
  type FolderListing,
  formatSize,
  listFolder,
  renderIndexPage,
} from "./index-page.ts";
export {
  type ArtifactLinkScope,
  DEFAULT_LINK_TTL_SECONDS,
  signArtifactToken,
  verifyArtifactToken,
} from "./link-token.ts";
export { type ProjectLabel, parseProjectLabel, projectHostLabel } from "./project-label.ts";
export { contentRange, parseRange, type RangeRequest } from "./range.ts";
export {
  ArtifactPathError,
  type ArtifactRequest,
  artifactRequestPath,
  MAX_URL_PATH_LENGTH,
  parseArtifactRequestPath,
} from "./request-path.ts";
export {
  artifactResponseHeaders,
  isActiveContentType,
  safeContentType,
} from "./response-headers.ts";
export { DEFAULT_RETENTION_DAYS, retentionCutoff } from "./retention.ts";
