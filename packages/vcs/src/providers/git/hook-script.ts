import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Absolute path of the post-receive hook script that git server admins install. A function
 * (and a path joined by hand, not `new URL(…, import.meta.url)`) so that bundlers importing
 * this package never try to treat the script as an asset.
 */
export function postReceiveHookPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "../../../hooks/post-receive");
}
