import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ModuleLog, moduleLog } from "../helpers/loaded-modules.ts";

describe("issue 11: each command loads only what it uses", () => {
  let log: ModuleLog;
  beforeAll(async () => {
    log = await moduleLog();
  });
  afterAll(() => log.remove());

  for (const args of [["--help"], ["decrypt", "--help"], ["check", "--help"], ["serve", "--help"]]) {
    it(`\`confide ${args.join(" ")}\` loads no OpenPGP, Eleventy, esbuild or TypeScript`, async () => {
      const { code, stdout, loaded } = await log.run(args);
      expect(code).toBe(0);
      expect(stdout).toContain("confide");
      expect(loaded.some((url) => url.endsWith("/dist/src/cli/main.js"))).toBe(true);
      for (const url of loaded) {
        expect(url).not.toMatch(/node_modules\/(openpgp|@11ty|esbuild|tsx|typescript)\//);
        expect(url).not.toMatch(/\.tsx?$/);
      }
    });
  }
});
