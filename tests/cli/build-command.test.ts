import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { runConfide } from "../helpers/run-cli.ts";

describe("confide build (npm run build)", () => {
  it("builds the content folder and out folder the environment names, at SOURCE_DATE_EPOCH's instant", async () => {
    const out = await mkdtemp(join(tmpdir(), "confide-build-"));
    try {
      const { code, stdout } = await runConfide(["build"], {
        env: { CONFIDE_CONTENT: EXAMPLE_CONTENT, CONFIDE_OUT: out, SOURCE_DATE_EPOCH: "1800000000" },
      });
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Wrote \\d+ files to ${out}/$`, "m"));
      const manifest = JSON.parse(await readFile(join(out, ".well-known/confide.json"), "utf8"));
      expect(manifest.builtAt).toBe(new Date(1800000000 * 1000).toISOString().replace(".000Z", "Z"));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
