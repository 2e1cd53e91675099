import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./helpers/content-folder.ts";

/**
 * Issue 13: tests mirror src/. Every module src/a/b.ts (or .tsx) has its test at tests/a/b.test.ts,
 * so a reader finds a module's test without searching and a new module without one fails here, by name.
 * A module is listed below only with a reason; the lists may shrink, never grow silently.
 */

/** Modules that hold no behaviour of their own: a test of them could only restate their text. */
const EXEMPT: Record<string, string> = {
  // Types only (tsc checks them; nothing runs).
  "src/eleventy/eleventy-types.ts": "types only: the part of Eleventy's configuration API we call",
  "src/desk/page/desk-types.ts": "types only: the desk page's state and context",
  "src/hook/key-value-store.ts": "an interface and one constant (KV's shortest expiry)",
  "src/check/yaml-source-types.ts": "types only: a parsed YAML file (tests/check/yaml-source.test.ts)",
  // Re-exports and aliases.
  "src/desk/decrypt-untrusted.ts": "an alias of decryptMessages (tests/responder/decrypt-messages.test.ts)",
  // Constants: names shared by the build and the browser.
  "src/client/island-ids.ts": "two element ids, shared by the build and the browser",
  // Browser entry points: a side effect on `document` at import, nothing exported.
  "src/client/main.tsx": "browser entry point: hydrates the form (tests/e2e/report-form.test.ts)",
  "src/desk/page/main.tsx": "browser entry point: renders the desk (tests/e2e/desk.test.ts)",
  // Usage texts: one string each, printed by `confide <command> --help` (tests/cli/main.test.ts).
  "src/cli/build-usage.ts": "usage text only",
  "src/cli/check-usage.ts": "usage text only",
  "src/cli/decrypt-usage.ts": "usage text only",
  "src/cli/desk-usage.ts": "usage text only",
  "src/cli/inbox-usage.ts": "usage text only",
  "src/cli/keygen-usage.ts": "usage text only",
  "src/cli/serve-usage.ts": "usage text only",
  "src/cli/verify-usage.ts": "usage text only",
};

/**
 * Modules with behaviour but no mirrored test yet: each one is a debt (most are covered indirectly, by
 * the test named beside it). Write the test and remove the line; the last test below fails when a
 * module listed here has its mirrored test, so this list stays true.
 */
const NOT_YET_MIRRORED: Record<string, string> = {
  "src/desk/page/api.ts": "browser UI: tests/e2e/desk.test.ts",
  "src/desk/page/case-list.tsx": "browser UI: tests/e2e/desk.test.ts",
  "src/desk/page/case-page.tsx": "browser UI: tests/e2e/desk.test.ts",
  "src/desk/page/desk-app.tsx": "browser UI: tests/e2e/desk.test.ts",
  "src/desk/page/import-panel.tsx": "browser UI: tests/e2e/desk.test.ts",
  "src/desk/page/tools.tsx": "browser UI: tests/e2e/desk.test.ts",
  "src/desk/page/unlock-form.tsx": "browser UI: tests/e2e/desk.test.ts",
};

/** Every TypeScript module under src/, as a path from the project's root. */
async function sourceModules(): Promise<string[]> {
  const entries = await readdir(join(PROJECT_ROOT, "src"), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => relative(PROJECT_ROOT, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}

/** src/a/b.ts and src/a/b.tsx -> tests/a/b.test.ts */
function mirroredTestPath(source: string): string {
  return source.replace(/^src\//, "tests/").replace(/\.tsx?$/, ".test.ts");
}

const hasMirroredTest = (source: string): boolean => existsSync(join(PROJECT_ROOT, mirroredTestPath(source)));

describe("issue 13: tests mirror src/", () => {
  it("maps a source module to its test's path", () => {
    expect(mirroredTestPath("src/report/encrypt-report.ts")).toBe("tests/report/encrypt-report.test.ts");
    expect(mirroredTestPath("src/client/receipt.tsx")).toBe("tests/client/receipt.test.ts");
    expect(mirroredTestPath("src/project-paths.ts")).toBe("tests/project-paths.test.ts");
  });

  it("finds the source modules, and no declaration files", async () => {
    const modules = await sourceModules();
    expect(modules).toContain("src/report/encrypt-report.ts");
    expect(modules).toContain("src/client/receipt.tsx");
    expect(modules.filter((path) => path.endsWith(".d.ts"))).toEqual([]);
  });

  it("has a test at the mirrored path for every module in src/ that is not listed with a reason", async () => {
    const missing = (await sourceModules()).filter(
      (source) => !hasMirroredTest(source) && !(source in EXEMPT) && !(source in NOT_YET_MIRRORED),
    );
    expect(
      missing.map((source) => `${source}: write ${mirroredTestPath(source)}`),
      "issue 13: a module in src/ has no test at the mirrored path",
    ).toEqual([]);
  });

  it("lists only modules that exist, and none both as exempt and as not yet mirrored", async () => {
    const modules = new Set(await sourceModules());
    const listed = [...Object.keys(EXEMPT), ...Object.keys(NOT_YET_MIRRORED)];
    expect(listed.filter((source) => !modules.has(source))).toEqual([]);
    expect(Object.keys(EXEMPT).filter((source) => source in NOT_YET_MIRRORED)).toEqual([]);
  });

  it("keeps no module on the not-yet list once its mirrored test exists", () => {
    expect(
      Object.keys(NOT_YET_MIRRORED).filter(hasMirroredTest),
      "issue 13: remove these from NOT_YET_MIRRORED in tests/mirrored-tests.test.ts",
    ).toEqual([]);
  });
});
