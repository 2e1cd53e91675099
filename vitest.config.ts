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
    projects: [
      {
        extends: true,
        test: { name: "suite", include: ["tests/**/*.test.ts"], exclude: ["tests/**/*.matrix.test.ts"] },
      },
      { extends: true, test: { name: "matrix", include: ["tests/**/*.matrix.test.ts"] } },
    ],
  },
});
