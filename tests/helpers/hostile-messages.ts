import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./content-folder.ts";

/**
 * Issue 10's hostile message, as the issue made it (tests/fixtures/hostile/make-hostile.sh): 256 MiB of
 * zeros, bzip2-compressed inside the encryption to the demo responder Ada, 789 bytes armored.
 */
export const BZIP2_BOMB = readFileSync(
  join(PROJECT_ROOT, "tests/fixtures/hostile/bzip2-zeros-256mib.asc"),
  "utf8",
);
