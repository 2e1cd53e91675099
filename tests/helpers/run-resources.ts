import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { rejectUnknownOptions } from "../../src/options/reject-unknown-options.ts";
import { builtPageUrls } from "./built-site.ts";
import {
  RUN_RESOURCES,
  type SharedBrowserAnswer,
  type SharedFormEndpoint,
  type SharedSiteAnswer,
} from "./run-resources-setup.ts";

/**
 * The client side of tests/helpers/run-resources-setup.ts: what one vitest run shares between its
 * test files, made once and only when asked for.
 *
 * - {@link sharedExampleSite}: the example content, built once per run. Read it, serve it, copy it;
 *   never change it (copy it with `serveCopy` from served-copy.ts to tamper with it).
 * - {@link sharedExamplePages}: its page addresses, for `it.each` (one test per page).
 * - {@link useSharedBrowser}: the run's one Chromium, connected for the tests of one file. Make a
 *   `browser.newContext()` per test (or per describe) and close it; never `browser.close()` yourself.
 *
 * `useReportSiteAndBrowser()` (report-site.ts) serves the shared site with an inbox of the file's own.
 */

async function ask<T>(path: string): Promise<T> {
  const server = inject(RUN_RESOURCES);
  if (!server)
    throw new Error(
      "The run's shared resources are not set up: run the tests with the project's vitest.config.ts, whose globalSetup is tests/helpers/run-resources-setup.ts.",
    );
  const response = await fetch(`${server}${path}`);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`shared resource ${path}: ${body.error}`);
  return body;
}

/**
 * The example content built once for the whole run, by `npm run build`. Read-only: tests that change
 * files work on a copy.
 *
 * @param options.formEndpoint - "same-origin" (default): the form posts to the site's own origin,
 *   as `npm start` builds it; "site": to site.yaml's endpoint, as a deployed build
 * @returns the built folder
 */
export async function sharedExampleSite(
  options: { formEndpoint?: SharedFormEndpoint } = {},
): Promise<string> {
  const { formEndpoint = "same-origin", ...rest } = options;
  rejectUnknownOptions("sharedExampleSite", rest);
  return (await ask<SharedSiteAnswer>(`/site?form-endpoint=${formEndpoint}`)).out;
}

/**
 * Every page address of the shared example site (`/`, `/es/report/`, `/404.html`, …). Call it with
 * top-level `await` in a test file to give `it.each` one test per page.
 */
export async function sharedExamplePages(): Promise<string[]> {
  return builtPageUrls(await sharedExampleSite());
}

/**
 * Connects to the run's one Chromium for the tests of one file: connected before them, disconnected
 * after (which closes every context the file opened). Call at the top of a test file; read the value
 * inside tests and hooks.
 */
export function useSharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await connectSharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser)
      throw new Error("the shared browser is not connected: call useSharedBrowser() at the top of the file");
    return browser;
  };
}

/** A new connection to the run's Chromium; `close()` it when done (the browser itself keeps running). */
export async function connectSharedBrowser(): Promise<Browser> {
  const { wsEndpoint } = await ask<SharedBrowserAnswer>("/browser");
  return chromium.connect(wsEndpoint);
}
