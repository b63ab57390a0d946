/**
 * How fast a provider webhook is answered: `receiveProviderHook` — what
 * `POST /api/hooks/github` does before it answers 202 (find the project by repository,
 * decrypt its secret, verify the signature in constant time, record the delivery) — on a
 * real PostgreSQL, for 500 signed GitHub pushes with distinct delivery ids, then 100
 * replays. Processing (reading the config, creating the pipeline) happens after the
 * answer and is not timed.
 * Goal: answered in under 100 ms. Run:
 * CAIRN_TEST_DATABASE_URL=postgresql://cairn:cairn@127.0.0.1:5432/postgres npx tsx bench/provider-webhook-answer.ts
 */
import { createHmac, randomBytes } from "node:crypto";
import { receiveProviderHook, type Services } from "@cairn/api";
import { createTestDatabase } from "@cairn/db/testing";
import { LocalSecretCipher } from "@cairn/secrets";

const SECRET = "bench-hook-secret";
const CALLS = 500;
const GOAL_MS = 100;

const adminUrl = process.env.CAIRN_TEST_DATABASE_URL;
if (!adminUrl) {
  console.error("Set CAIRN_TEST_DATABASE_URL to a PostgreSQL role that may create databases.");
  process.exit(1);
}
const database = await createTestDatabase(adminUrl);
try {
  const { db } = database;
  const cipher = new LocalSecretCipher(randomBytes(32));
  const services: Services = {
    db,
    cipher,
    dataDir: "/nonexistent",
    baseUrl: "https://cairn.example.com",
    orbCacheDir: "/nonexistent/orbs",
  };
  const organization = await db.organization.create({ data: { name: "acme", slug: "acme" } });
  const secret = await cipher.encrypt(SECRET);
  await db.project.create({
    data: {
      organizationId: organization.id,
      provider: "github",
      slug: "gh/acme/widget",
      owner: "acme",
      name: "widget",
      vcsRepoId: "4242",
      repoUrl: "git@github.com:acme/widget.git",
      webhookSecretCiphertext: secret.ciphertext,
      webhookSecretKeyVersion: secret.keyVersion,
    },
  });
  const body = JSON.stringify({
    ref: "refs/heads/main",
    before: "0".repeat(40),
    after: "a".repeat(40),
    head_commit: { message: "a change" },
    repository: { id: 4242, full_name: "acme/widget" },
  });
  const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  const answer = async (delivery: string) => {
    const started = performance.now();
    await receiveProviderHook(services, "github", {
      headers: {
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": signature,
      },
      rawBody: body,
    });
    return performance.now() - started;
  };
  const percentile = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ??
    NaN;
  const report = (label: string, values: number[]) => {
    const p95 = percentile(values, 0.95);
    console.log(
      `${label}: p50 ${percentile(values, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (goal < ${GOAL_MS} ms: ${p95 < GOAL_MS ? "met" : "MISSED"})`,
    );
  };
  const deliveries = Array.from({ length: CALLS }, (_, index) => `bench-${index}`);
  const fresh: number[] = [];
  for (const delivery of deliveries) fresh.push(await answer(delivery));
  report(`${CALLS} new deliveries`, fresh);
  const replays: number[] = [];
  for (const delivery of deliveries.slice(0, 100)) replays.push(await answer(delivery));
  report("100 replays", replays);
} finally {
  await database.drop();
}
