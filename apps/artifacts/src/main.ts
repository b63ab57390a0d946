// The artifacts origin. It is a separate server on its own origin (per-project subdomains)
// so that an HTML artifact can never read the web app's cookies or storage.

import { artifactsBaseDomain } from "@cairn/artifact-serving";
import { getDb } from "@cairn/db";
import { readSettingsOrExit } from "@cairn/env";
import { blobStoreSettings, createBlobStore } from "@cairn/storage";
import { FileArtifactBodies } from "./artifact-bodies.ts";
import { readArtifactsEnv } from "./env.ts";
import { S3ArtifactBodies } from "./s3-artifact-bodies.ts";
import { createArtifactsServer } from "./server.ts";
import { startRetentionSweeper } from "./sweeper.ts";

const env = readSettingsOrExit(readArtifactsEnv);
const db = getDb(env.DATABASE_URL);
const storage = blobStoreSettings(env, env.CAIRN_DATA_DIR);
const baseDomain = artifactsBaseDomain(env.CAIRN_ARTIFACTS_URL, env.CAIRN_ARTIFACTS_BASE_DOMAIN);

const server = createArtifactsServer({
  db,
  // Files from S3 are answered with a redirect to a presigned URL; from disk, streamed here.
  bodies:
    storage.kind === "s3" ? new S3ArtifactBodies(storage) : new FileArtifactBodies(storage.root),
  secret: env.AUTH_SECRET,
  baseDomain,
  onError: (error) =>
    console.error(`artifacts: ${error instanceof Error ? error.message : String(error)}`),
});
const stopSweeper = startRetentionSweeper(
  db,
  createBlobStore(storage),
  env.CAIRN_ARTIFACT_RETENTION_DAYS,
  (line) => console.log(`artifacts: ${line}`),
);

server.listen(env.PORT, env.HOST, () => {
  console.log(`artifacts listening on port ${env.PORT} (projects at *.${baseDomain})`);
});

const shutdown = () => {
  stopSweeper();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
