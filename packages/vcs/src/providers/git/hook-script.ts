import { fileURLToPath } from "node:url";

/** Absolute path of the post-receive hook script that git server admins install. */
export const postReceiveHookPath = fileURLToPath(
  new URL("../../../hooks/post-receive", import.meta.url),
);
