#!/usr/bin/env node
// The `confide` command. Its code is TypeScript, run through tsx so there is no compile step to forget.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
