import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // bin/confide.js runs the compiled code in dist/: compile it first if a source changed.
    globalSetup: ["tests/global-setup/compile-once.ts"],
    // Key generation, builds and browsers take seconds on a shared 2-core machine; no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
