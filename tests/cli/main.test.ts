import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";
import { runProcess } from "../helpers/process.ts";

describe("issue 11: each command loads only what it uses", () => {
  let dir = "";
  let hook = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "confide-imports-"));
    // A module resolution hook (https://nodejs.org/api/module.html#customization-hooks) that writes
    // down every module the command loads.
    const resolver = join(dir, "log-resolve.mjs");
    await writeFile(
      resolver,
      `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.CONFIDE_IMPORT_LOG, resolved.url + "\\n");
  return resolved;
}
`,
    );
    hook = join(dir, "register.mjs");
    await writeFile(
      hook,
      `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(resolver).href)});\n`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function modulesLoadedBy(
    args: string[],
  ): Promise<{ code: number | null; stdout: string; loaded: string[] }> {
    const log = join(dir, `${args.join("-")}.log`);
    const result = await runProcess(
      process.execPath,
      ["--import", hook, join(PROJECT_ROOT, "bin/confide.js"), ...args],
      {
        env: { ...process.env, CONFIDE_IMPORT_LOG: log },
      },
    );
    const loaded = (await readFile(log, "utf8")).trim().split("\n");
    return { code: result.code, stdout: result.stdout, loaded };
  }

  for (const args of [["--help"], ["decrypt", "--help"], ["check", "--help"], ["serve", "--help"]]) {
    it(`\`confide ${args.join(" ")}\` loads no OpenPGP, Eleventy, esbuild or TypeScript`, async () => {
      const { code, stdout, loaded } = await modulesLoadedBy(args);
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
