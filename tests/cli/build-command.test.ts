import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
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

  it("issue 13: refuses a folder named without --content, and builds nothing", async () => {
    const out = await mkdtemp(join(tmpdir(), "confide-build-"));
    try {
      const { code, stderr } = await runConfide(["build", EXAMPLE_CONTENT], { env: { CONFIDE_OUT: out } });
      expect(code).toBe(2);
      expect(stderr).toContain(
        `unexpected argument "${EXAMPLE_CONTENT}". A content folder is given as --content`,
      );
      expect(await readdir(out)).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
