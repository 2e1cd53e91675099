import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Two projects: "suite" is `npm test` (what CI and every change run); "matrix" holds the slow rest of
// the full matrices (`*.matrix.test.ts`: e.g. every translation in the dark scheme), run by
// `npm run test:matrix` and by CI after `npm test`.
export default defineConfig({
  test: {
    // bin/confide.js runs the compiled code in dist/: compile it first if a source changed. Then one
    // built example site and one Chromium for the whole run, made only when a test asks
    // (tests/helpers/run-resources.ts).
    globalSetup: ["tests/global-setup/compile-once.ts", "tests/helpers/run-resources-setup.ts"],
    // Key generation, builds and browsers take seconds on a shared 2-core machine; no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Issue 13: at least two test files at once, also on a 2-core machine (where vitest's default is
    // one): a browser file spends most of its time waiting for Chromium, a CLI file for its child
    // process, so a second file fills the other core.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Issue 13: each worker imports openpgp, Eleventy, Playwright and the project's modules once, not
    // once per test file (that was about a quarter of the suite's CPU). Test files must therefore leave
    // nothing behind: restore what they spy on or change (process.env, globals, console), close what
    // they open; module-level caches in src/ must not change what another file's test sees.
    isolate: false,
    // ... and a spy or stub a test forgets to restore is restored before the next test, so it cannot
    // silence or fake console, fetch or process.env in a file that happens to run after it.
    restoreMocks: true,
    unstubGlobals: true,
    unstubEnvs: true,
    projects: [
      {
        extends: true,
        test: { name: "suite", include: ["tests/**/*.test.ts"], exclude: ["tests/**/*.matrix.test.ts"] },
      },
      { extends: true, test: { name: "matrix", include: ["tests/**/*.matrix.test.ts"] } },
    ],
  },
});
