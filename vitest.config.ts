import { defineConfig } from "vitest/config";

// One runner for the whole monorepo. Tests live next to the code they test:
//   *.test.ts              unit, fast, no I/O beyond temp files
//   *.integration.test.ts  real PostgreSQL / Docker engine / sshd
//   e2e/**/*.e2e.test.ts   the browser suite against a running Cairn
const exclude = ["**/node_modules/**", "**/.next/**", "**/dist/**"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages,infra}/**/*.test.ts"],
          exclude: [...exclude, "**/*.integration.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{apps,packages,infra}/**/*.integration.test.ts"],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.test.ts"],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
