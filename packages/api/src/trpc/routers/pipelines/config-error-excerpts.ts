import type { Db, Prisma } from "@cairn/db";
import { findVisiblePipeline } from "../../../access/find-visible-pipeline.ts";
import type { Viewer } from "../../../access/viewer.ts";
import type { TConfigErrorDetail } from "./schemas.ts";

/** The file the stored source is; errors in an orb's file get no excerpt. */
const CONFIG_FILE = ".circleci/config.yml";
const CONTEXT_LINES = 2;
const MAX_LINE_LENGTH = 400;

interface StoredError {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

function storedErrors(value: Prisma.JsonValue): StoredError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return [];
    const { file, line, column, message } = item;
    if (typeof message !== "string") return [];
    return [
      {
        file: typeof file === "string" ? file : null,
        line: typeof line === "number" && line >= 1 ? line : null,
        column: typeof column === "number" && column >= 1 ? column : null,
        message,
      },
    ];
  });
}

/** A few lines around `line` (1-based) of the source, each cut to a readable length. */
export function sourceExcerpt(source: string, line: number) {
  const lines = source.split(/\r?\n/);
  if (line > lines.length) return null;
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  return {
    firstLine: first,
    lines: lines
      .slice(first - 1, last)
      .map((text) => (text.length > MAX_LINE_LENGTH ? `${text.slice(0, MAX_LINE_LENGTH)}…` : text)),
  };
}

/** Each config error of a pipeline with where it is and the stored source around it. */
export async function getConfigErrorDetails(
  db: Db,
  viewer: Viewer,
  pipelineId: string,
): Promise<TConfigErrorDetail[]> {
  const pipeline = await findVisiblePipeline(db, viewer, pipelineId);
  const source = pipeline.configSource ?? "";
  return storedErrors(pipeline.configErrors).map((error) => {
    const inConfig = error.file === null || error.file === CONFIG_FILE;
    return {
      file: error.file ?? CONFIG_FILE,
      line: error.line,
      column: error.column,
      message: error.message,
      excerpt: inConfig && error.line !== null && source ? sourceExcerpt(source, error.line) : null,
    };
  });
}
