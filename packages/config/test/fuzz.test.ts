import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileConfig, inMemoryOrbResolver } from "../src/index.ts";

/**
 * Feeds thousands of mutated configs through the compiler: no exception may escape (the
 * compiler turns its own bugs into an "internal error" result, which fails this test too)
 * and every run must end quickly. Deterministic: a seeded PRNG drives the mutations.
 */

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  `version: 2.1
parameters:
  flag: {type: boolean, default: true}
orbs:
  tool:
    commands:
      hi: {parameters: {who: {type: string, default: x}}, steps: [{run: "echo << parameters.who >>"}]}
executors:
  node: {parameters: {tag: {type: string, default: "20"}}, docker: [{image: "cimg/node:<< parameters.tag >>"}]}
commands:
  setup:
    parameters: {extra: {type: steps, default: []}}
    steps: [checkout, << parameters.extra >>, tool/hi]
defaults: &defaults
  executor: {name: node, tag: "18"}
jobs:
  build:
    <<: *defaults
    parameters: {v: {type: integer, default: 1}}
    parallelism: << parameters.v >>
    steps:
      - setup: {extra: [{run: make}]}
      - when: {condition: << pipeline.parameters.flag >>, steps: [{run: yes}]}
      - save_cache: {key: 'k-{{ .Branch }}', paths: [a]}
  deploy: {docker: [{image: alpine}], steps: [{run: {command: deploy, when: always}}]}
workflows:
  main:
    when: {or: [<< pipeline.parameters.flag >>, {equal: [main, << pipeline.git.branch >>]}]}
    jobs:
      - build: {matrix: {parameters: {v: [1, 2]}}}
      - hold: {type: approval, requires: [build]}
      - deploy: {requires: [hold, {build-1: [success, failed]}], filters: {branches: {only: /ma.*/}, tags: {only: /v.*/}}}
`,
  `version: 2
aliases:
  - &step {run: {name: x, command: "cat <<EOF\\nEOF"}}
jobs:
  build:
    docker: [{image: a}, {image: b, name: db, environment: [A=1]}]
    environment: A=1
    steps: [checkout, *step, {store_artifacts: {path: x}}]
workflows:
  version: 2
  w: {jobs: [build], triggers: [{schedule: {cron: "0 0 * * *", filters: {branches: {only: main}}}}]}
`,
];

const TOKENS = [
  "&a ",
  "*a",
  "<<: *a\n",
  "[",
  "]",
  "{",
  "}",
  "- ",
  ": ",
  "\n",
  "  ",
  "\t",
  "<< parameters.v >>",
  "<<# parameters.v >>x<</ parameters.v >>",
  "<< matrix.v >>",
  "<< pipeline.git.branch >>",
  "null",
  "~",
  "''",
  '"',
  "#",
  "---\n",
  "? ",
  "!!str ",
  "%YAML 1.2\n",
  "0",
  "-1",
  "1e400",
  "requires: [build]\n",
  "steps: ",
  "version: 2.1\n",
  "__proto__",
  "\r\n",
  "\u0000",
  "\uFEFF",
];

function mutate(source: string, random: () => number): string {
  let text = source;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (text.length + 1));
    const choice = random();
    if (choice < 0.35) {
      const token = TOKENS[Math.floor(random() * TOKENS.length)]!;
      text = text.slice(0, at) + token + text.slice(at);
    } else if (choice < 0.55) {
      text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20));
    } else if (choice < 0.7) {
      const lines = text.split("\n");
      const a = Math.floor(random() * lines.length);
      const b = Math.floor(random() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      text = lines.join("\n");
    } else if (choice < 0.85) {
      const lines = text.split("\n");
      const line = Math.floor(random() * lines.length);
      lines.splice(line, 0, lines[line] ?? "");
      text = lines.join("\n");
    } else {
      text = text.slice(0, at);
    }
  }
  return text;
}

const orbResolver = inMemoryOrbResolver({ "circleci/node@5.0.1": SEEDS[0]! });

function runOnce(source: string, label: string): number {
  const started = performance.now();
  let result: ReturnType<typeof compileConfig>;
  try {
    result = compileConfig(source, { filename: label, orbResolver });
  } catch (error) {
    throw new Error(`exception escaped for ${label}: ${String(error)}\n--- source ---\n${source}`);
  }
  const elapsed = performance.now() - started;
  if (!result.ok) {
    const internal = result.errors.find((e) => e.message.startsWith("internal error"));
    if (internal) throw new Error(`${internal.message} for ${label}\n--- source ---\n${source}`);
  }
  return elapsed;
}

describe("fuzzing the compiler with mutated configs", () => {
  it("never throws and always ends quickly on small configs", () => {
    const random = mulberry32(20240531);
    let slowest = 0;
    for (let i = 0; i < 2000; i++) {
      const seed = SEEDS[i % SEEDS.length]!;
      slowest = Math.max(slowest, runOnce(mutate(seed, random), `small #${i}`));
    }
    expect(slowest).toBeLessThan(1000);
  }, 30_000);

  it("never throws and always ends quickly on mutated real configs", () => {
    const corpusDir = fileURLToPath(new URL("./corpus/circleci", import.meta.url));
    expect(existsSync(corpusDir), `corpus folder missing: ${corpusDir}`).toBe(true);
    const files = readdirSync(corpusDir).filter((f) => f.endsWith(".yml"));
    const sources = files.map((f) => readFileSync(resolve(corpusDir, f), "utf8"));
    const random = mulberry32(7);
    let slowest = 0;
    for (let i = 0; i < 300; i++) {
      const index = i % sources.length;
      slowest = Math.max(
        slowest,
        runOnce(mutate(sources[index]!, random), `${files[index]} mutation #${i}`),
      );
    }
    expect(slowest).toBeLessThan(2000);
  }, 30_000);
});
