/**
 * Compile-time benchmark for @cairn/config over the shared corpus of real configs.
 * Run: npx tsx bench/config-compile.ts
 * Targets: the largest corpus file under 50 ms (median of 20), the whole corpus under 1 s.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileConfig } from "@cairn/config";
import { createDirectoryOrbResolver } from "@cairn/config/file-orb-resolver";

const corpusDir = fileURLToPath(
  new URL("../packages/config/test/corpus/circleci", import.meta.url),
);
if (!existsSync(corpusDir)) {
  console.error(`corpus not found at ${corpusDir}`);
  process.exit(1);
}
const orbResolver = createDirectoryOrbResolver(
  fileURLToPath(new URL("../packages/config/test/orbs", import.meta.url)),
);
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => ({
    name: f,
    path: resolve(corpusDir, f),
    size: statSync(resolve(corpusDir, f)).size,
  }));
const sources = files.map((f) => ({ ...f, source: readFileSync(f.path, "utf8") }));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const time = (fn: () => void) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};
const compile = (name: string, source: string) =>
  compileConfig(source, { filename: name, orbResolver });

// Warm up the JIT on every file once.
for (const { name, source } of sources) compile(name, source);

const largest = sources.reduce((a, b) => (b.size > a.size ? b : a));
const largestRuns = Array.from({ length: 20 }, () =>
  time(() => compile(largest.name, largest.source)),
);
const slowestFile = sources
  .map(({ name, source }) => ({
    name,
    ms: median(Array.from({ length: 5 }, () => time(() => compile(name, source)))),
  }))
  .reduce((a, b) => (b.ms > a.ms ? b : a));
const corpusRuns = Array.from({ length: 5 }, () =>
  time(() => {
    for (const { name, source } of sources) compile(name, source);
  }),
);

const largestMs = median(largestRuns);
const corpusMs = median(corpusRuns);
console.log(
  `largest file: ${largest.name} (${largest.size} bytes): median ${largestMs.toFixed(2)} ms over 20 runs (target < 50 ms)`,
);
console.log(`slowest file: ${slowestFile.name}: median ${slowestFile.ms.toFixed(2)} ms`);
console.log(
  `whole corpus: ${sources.length} files: median ${corpusMs.toFixed(1)} ms over 5 runs (target < 1000 ms)`,
);
if (largestMs >= 50 || corpusMs >= 1000) {
  console.log("TARGET MISSED");
  process.exitCode = 1;
}
