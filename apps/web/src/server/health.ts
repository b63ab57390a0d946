import { checkDocker } from "@cairn/executor";
import { db } from "./db.ts";
import { getDocker } from "./docker.ts";

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function checkDatabase(): Promise<string> {
  try {
    await db().$queryRaw`SELECT 1`;
    return "ok";
  } catch (error) {
    return `unreachable: ${describe(error).split("\n")[0]}`;
  }
}

/** What `GET /api/health` reports: each part "ok" or what is wrong with it. */
export async function checkHealth() {
  const [database, docker] = await Promise.all([checkDatabase(), checkDocker(getDocker())]);
  const status = database === "ok" && docker === "ok" ? "ok" : "error";
  return { status, database, docker } as const;
}
