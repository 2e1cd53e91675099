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
  const arrivals = new Set<() => void>();
  violationArrivals.set(watch, arrivals);
  await page.exposeBinding("__confideViolation", (_source, violation: Violation) => {
    watch.violations.push(violation);
    for (const arrived of arrivals) arrived();
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

/** For each watch, who waits for its next violation ({@link violationReported}). */
const violationArrivals = new WeakMap<PageWatch, Set<() => void>>();

/**
 * Resolves with the first violation of `directive` the watched page reported, at once if it already
 * has, else when it arrives. The browser reports some violations (a blocked form submission) from
 * another process, later than {@link settle} waits under load (issue 13: seen at load 17): wait
 * for the event itself. Rejects, naming the directive and what was seen, after `timeoutMs`.
 *
 * @param watch - from {@link watchPage}
 * @param directive - the effective directive expected, e.g. "form-action"
 * @param timeoutMs - how long to wait for it (default 30 s: it costs nothing when the event comes)
 */
export function violationReported(
  watch: PageWatch,
  directive: string,
  timeoutMs = 30_000,
): Promise<Violation> {
  const arrivals = violationArrivals.get(watch);
  if (!arrivals) return Promise.reject(new Error("violationReported needs a watch made by watchPage"));
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = watch.violations.find((violation) => violation.directive === directive);
      if (!found) return false;
      clearTimeout(timer);
      arrivals.delete(check);
      resolve(found);
      return true;
    };
    const timer = setTimeout(() => {
      arrivals.delete(check);
      reject(
        new Error(
          `No ${directive} violation reported in ${timeoutMs} ms; violations seen: ${JSON.stringify(watch.violations)}`,
        ),
      );
    }, timeoutMs);
    if (!check()) arrivals.add(check);
  });
}

/** Lets violation events that are still on their way reach the binding. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
}
