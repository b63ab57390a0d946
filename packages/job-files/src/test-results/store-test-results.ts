import { posix } from "node:path";
import * as tar from "tar-stream";
import { destroyStream } from "../archive/destroy.ts";
import { containerPath, type JobFilesContext } from "../context.ts";
import { elapsedSince, formatBytes, formatSeconds } from "../format.ts";
import { entryAbsolutePath } from "../paths.ts";
import { type ParsedTestCase, parseJUnitXml } from "./junit.ts";

export interface StoreTestResultsInput {
  /** A JUnit XML file, or a directory searched recursively for `*.xml`. */
  path: string;
}

export interface TestResultLimits {
  /** Larger report files are skipped with a warning (default 50 MB). */
  maxFileBytes: number;
  /** Test cases kept per step; the rest are dropped with a warning (default 100 000). */
  maxTestCases: number;
}

export const DEFAULT_TEST_RESULT_LIMITS: TestResultLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxTestCases: 100_000,
};

export interface StoreTestResultsResult {
  files: number;
  tests: number;
  counts: Record<ParsedTestCase["result"], number>;
}

const INSERT_BATCH = 1_000;

/**
 * store_test_results: parses the JUnit XML reports under `path` into TestCase rows.
 * Malformed, non-JUnit and oversized files are skipped with a warning naming them; a
 * missing path is a warning. The caller runs this step even after a failed step.
 */
export async function storeTestResults(
  context: JobFilesContext,
  input: StoreTestResultsInput,
  limits: TestResultLimits = DEFAULT_TEST_RESULT_LIMITS,
): Promise<StoreTestResultsResult> {
  const { onLog, files } = context;
  const counts = { success: 0, failure: 0, error: 0, skipped: 0 };
  const source = await containerPath(context, input.path);
  if (!(await files.exists(source))) {
    onLog(`Warning: no test results found: no such file or directory: ${source}`);
    return { files: 0, tests: 0, counts };
  }
  const started = performance.now();
  const cases: ParsedTestCase[] = [];
  let reports = 0;
  let dropped = 0;
  for await (const report of readReports(context, source, limits)) {
    const parsed = parseJUnitXml(report.xml);
    if (!parsed.ok) {
      onLog(`Warning: skipping ${report.path}: ${parsed.problem}`);
      continue;
    }
    reports++;
    const room = limits.maxTestCases - cases.length;
    cases.push(...parsed.cases.slice(0, Math.max(0, room)));
    dropped += Math.max(0, parsed.cases.length - Math.max(0, room));
  }
  if (dropped > 0) {
    onLog(`Warning: kept the first ${limits.maxTestCases} test cases; ${dropped} more were dropped`);
  }
  await insertCases(context, cases);
  for (const testCase of cases) counts[testCase.result]++;
  onLog(
    `Stored ${cases.length} test results from ${reports} ${reports === 1 ? "file" : "files"} (${counts.failure} failed, ${counts.error} errors, ${counts.skipped} skipped) in ${formatSeconds(elapsedSince(started))}`,
  );
  return { files: reports, tests: cases.length, counts };
}

/** Report files under `source`, read one at a time (each bounded by maxFileBytes). */
async function* readReports(
  context: JobFilesContext,
  source: string,
  limits: TestResultLimits,
): AsyncGenerator<{ path: string; xml: string }> {
  const extract = tar.extract();
  const archive = await context.files.readArchive(source);
  archive.on("error", (error) => extract.destroy(error));
  archive.pipe(extract);
  try {
    for await (const entry of extract) {
      const path = entryAbsolutePath(source, entry.header.name);
      const isFile = entry.header.type === "file" || entry.header.type === "contiguous-file";
      // A file named directly is taken whatever its extension; a directory's only `*.xml`.
      const wanted = isFile && (path === source || posix.extname(path).toLowerCase() === ".xml");
      if (!wanted) {
        entry.resume();
        continue;
      }
      const size = entry.header.size ?? 0;
      if (size > limits.maxFileBytes) {
        context.onLog(
          `Warning: skipping ${path}: ${formatBytes(size)} is over the ${formatBytes(limits.maxFileBytes)} limit for a test results file`,
        );
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      yield { path, xml: Buffer.concat(chunks).toString("utf8") };
    }
  } finally {
    destroyStream(archive);
  }
}

async function insertCases(context: JobFilesContext, cases: ParsedTestCase[]): Promise<void> {
  const { db, job } = context;
  for (let start = 0; start < cases.length; start += INSERT_BATCH) {
    await db.testCase.createMany({
      data: cases.slice(start, start + INSERT_BATCH).map((testCase) => ({
        jobId: job.id,
        projectId: job.projectId,
        ...testCase,
      })),
    });
  }
}
