#!/usr/bin/env node
// The `confide` command: the code compiled from src/ into dist/ (scripts/compiled-code.js), never
// TypeScript compiled while it runs. Code compiled from other sources than these is refused.
import { compiledState } from "../scripts/compiled-code.js";

const state = compiledState();
if (!state.fresh) {
  console.error(
    `confide: ${state.reason}, so the code there is not this code. Run "npm run compile" (npm install does it too), then try again.`,
  );
  process.exit(1);
}
await import("../dist/src/cli/main.js");
