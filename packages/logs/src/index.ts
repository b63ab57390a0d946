export { type CompactLogResult, compactLog } from "./compact-log.ts";
export { type CreateLogWriterOptions, createLogWriter } from "./create-log-writer.ts";
export {
  LOG_ARCHIVE_INDEX_VERSION,
  type LogArchiveEntry,
  type LogArchiveIndex,
  logArchiveKey,
  logIndexKey,
} from "./log-archive.ts";
export {
  decodeLogNotification,
  encodeLogNotification,
  LOG_CHANNEL,
  type LogChunk,
  type LogNotification,
} from "./log-chunk.ts";
export { LogFollower, type LogFollowerOptions, type OnChunks } from "./log-follower.ts";
export { deleteLogSegments, SEGMENT_MIN_BYTES } from "./log-segments.ts";
export type { LogChunkSink } from "./log-sink.ts";
export { DEFAULT_LOG_MAX_BYTES, LogWriter, type LogWriterOptions } from "./log-writer.ts";
export { PgLogSink } from "./pg-log-sink.ts";
export { PostgresLogSink } from "./postgres-log-sink.ts";
export { type ReadLogOptions, readLog } from "./read-log.ts";
export { truncationNotice } from "./truncation-notice.ts";
