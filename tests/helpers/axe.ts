import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Result } from "axe-core";
import type { Page } from "playwright-core";

/** The WCAG 2.2 AA rules, as axe-core tags them (https://github.com/dequelabs/axe-core/blob/develop/doc/API.md#axe-core-tags). */
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] as const;

/** axe-core's source, read once, injected into each page that is checked. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page as it is now and returns each violation of WCAG 2.2 AA as one readable
 * line (rule, impact, what it asks, the elements), so a failing test says what to fix.
 *
 * The page's Content-Security-Policy forbids inline scripts: open pages to check in a context made
 * with `bypassCSP: true`, which lets the injected source run (the site's own scripts run as they do
 * everywhere; tests/security checks them under the real policy).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const results = await axe.run(document, {
      runOnly: { type: "tag", values: [...tags] },
      resultTypes: ["violations"],
    });
    return results.violations.map((violation: Result) => ({
      id: violation.id,
      impact: violation.impact ?? "",
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(" ")} (${node.failureSummary ?? ""})`),
    }));
  }, WCAG_22_AA);
  return violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.join("; ")}`);
}
