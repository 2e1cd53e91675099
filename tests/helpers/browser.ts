import { existsSync } from "node:fs";
import { type Browser, chromium, type LaunchOptions } from "playwright-core";

/** Debian's Chromium: the only browser the tests use (never a downloaded one). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * How the tests start headless Chromium: the flags this sandbox needs (no background traffic to
 * Google). One list for a browser of a test's own ({@link launchChromium}) and the one shared by the
 * whole run (tests/helpers/run-resources-setup.ts). Fails with the install command when Chromium is
 * missing, instead of skipping: a skipped browser test would hide that the report form was never
 * exercised.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (or set CHROMIUM_PATH).`,
    );
  }
  return {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  };
}

/**
 * Starts a Chromium of the caller's own. Most tests want the run's shared browser instead
 * (`sharedBrowser()` in tests/helpers/run-resources.ts): starting one costs a second or more of CPU.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}
