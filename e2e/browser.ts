import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where the suite finds the running Cairn; `npm test` starts it and sets these. */
export function e2eTarget() {
  const url = process.env.CAIRN_E2E_URL;
  const signInUrl = process.env.CAIRN_E2E_SIGN_IN_URL;
  if (!url || !signInUrl) {
    throw new Error(
      "CAIRN_E2E_URL and CAIRN_E2E_SIGN_IN_URL are not set: run the browser suite through `npm test`, which starts Cairn for it.",
    );
  }
  return { url, signInUrl };
}

/** Debian's Chromium, driven by playwright-core (no browser download). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Saves a full-page screenshot as a test artifact under test-results/e2e/. */
export async function screenshot(page: Page, name: string) {
  const dir = join(process.env.CAIRN_TEST_RESULTS_DIR ?? "test-results", "e2e");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
