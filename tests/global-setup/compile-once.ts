import { compileIfStale } from "../../scripts/compiled-code.js";

/**
 * Vitest global setup: the tests that run `confide` run it as users do (bin/confide.js), which runs
 * only code compiled from the current sources. Compile once, before any test, if a source changed.
 */
export default function compileOnce(): void {
  compileIfStale();
}
