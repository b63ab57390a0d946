import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eTarget, launchBrowser, screenshot } from "./browser.ts";

const target = e2eTarget();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("signing in with the one-time link", () => {
  it("sends a visitor without a session to the sign-in page", async () => {
    const page = await browser.newPage();
    await page.goto(target.url);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in to Cairn" }).isVisible()).resolves.toBe(
      true,
    );
    await page.close();
  });

  it("signs the local administrator in once, and refuses the same link again", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(target.signInUrl);
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(page.getByTestId("signed-in-as").textContent()).resolves.toBe(
      "Signed in as Local administrator",
    );
    await expect(page.getByText("No pipelines yet").isVisible()).resolves.toBe(true);
    const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    await screenshot(page, "dashboard-after-sign-in");

    const stranger = await browser.newPage();
    await stranger.goto(target.signInUrl);
    expect(new URL(stranger.url()).pathname).toBe("/sign-in");
    await expect(stranger.locator("p.error").textContent()).resolves.toContain("already used");
    await screenshot(stranger, "sign-in-link-reused");
    await context.close();
    await stranger.close();
  });
});

describe("health", () => {
  it("reports the database and the Docker engine as reachable", async () => {
    const response = await fetch(new URL("/api/health", target.url));
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ status: "ok", database: "ok", docker: "ok" });
  });
});
