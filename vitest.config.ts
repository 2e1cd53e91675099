import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Key generation, builds and browsers take seconds on a shared 2-core machine; no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
