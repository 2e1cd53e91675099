import type { Page } from "playwright-core";

/** A Content-Security-Policy violation, as the page's `securitypolicyviolation` event reported it. */
export interface Violation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
}

/** What a page did while it was watched. */
export interface PageWatch {
  /** Every `securitypolicyviolation` event, in any document the page loaded. */
  violations: Violation[];
  /** Console messages of level error or warning (the browser reports CSP and SRI failures there too). */
  problems: string[];
  /** Every URL the page requested. */
  requests: string[];
}

/**
 * Starts watching a page before it navigates: CSP violations (the DOM event, reported through a
 * binding, which the page's own policy cannot block), console errors and warnings, and requests.
 * The browser's own request for /favicon.ico (the site has none) is left out of `problems`.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = { violations: [], problems: [], requests: [] };
  await page.exposeBinding("__confideViolation", (_source, violation: Violation) => {
    watch.violations.push(violation);
  });
  await page.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (event) => {
        (window as unknown as { __confideViolation: (v: unknown) => void }).__confideViolation({
          directive: event.effectiveDirective,
          blockedURI: event.blockedURI,
          sourceFile: event.sourceFile,
        });
      },
      true,
    );
  });
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    if (new URL(message.location().url || "about:blank").pathname === "/favicon.ico") return;
    watch.problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on("request", (request) => watch.requests.push(request.url()));
  return watch;
}

/** Lets violation events that are still on their way reach the binding. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
}
