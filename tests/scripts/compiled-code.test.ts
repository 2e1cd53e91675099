import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, compiledState, compileIfStale, DIST_DIR } from "../../scripts/compiled-code.js";
import { listFiles } from "../helpers/built-site.ts";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";
import { runProcess } from "../helpers/process.ts";

describe("issue 11: the compiled code the CLI and the build run", () => {
  let fresh = "";
  beforeAll(async () => {
    fresh = await mkdtemp(join(tmpdir(), "confide-dist-"));
    compile({ outDir: fresh });
  });
  afterAll(() => rm(fresh, { recursive: true, force: true }));

  it("is byte for byte what compiling the sources gives now", async () => {
    expect(compiledState()).toEqual({ fresh: true });
    const files = await listFiles(join(PROJECT_ROOT, DIST_DIR));
    expect(files).toEqual(await listFiles(fresh));
    expect(files).toContain("src/cli/main.js");
    expect(files).toContain(".eleventy.js");
    for (const file of files) {
      expect(await readFile(join(PROJECT_ROOT, DIST_DIR, file)), file).toEqual(
        await readFile(join(fresh, file)),
      );
    }
  });

  it("imports compiled modules only: no TypeScript file and no TypeScript loader", async () => {
    for (const file of (await listFiles(fresh)).filter((f) => f.endsWith(".js"))) {
      const code = await readFile(join(fresh, file), "utf8");
      expect(code, file).not.toMatch(/from "[^"]*\.tsx?"|import\("[^"]*\.tsx?"\)/);
      expect(code, file).not.toContain("tsx/");
    }
  });
});

describe("issue 11: the npm scripts' one process", () => {
  it("runs the command after --then in the same process, on code it found fresh, with the command's own arguments", async () => {
    const script = join(PROJECT_ROOT, "scripts/compiled-code.js");
    const help = await runProcess(process.execPath, [script, "--if-stale", "--then", "build", "--help"], {
      cwd: PROJECT_ROOT,
    });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^confide build \[--content DIR\]/);
    const unknown = await runProcess(process.execPath, [script, "--if-stale", "--then", "no-such-command"], {
      cwd: PROJECT_ROOT,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('confide: unknown command "no-such-command"');
  });
});

describe("issue 11: confide refuses code compiled from other sources", () => {
  let root = "";
  beforeAll(async () => {
    // A copy of the project that shares node_modules, so its sources can be changed.
    root = await mkdtemp(join(tmpdir(), "confide-project-"));
    for (const entry of ["package.json", "tsconfig.json", "tsconfig.build.json", ".eleventy.ts"])
      await cp(join(PROJECT_ROOT, entry), join(root, entry));
    for (const folder of ["bin", "scripts", "src", "demo", DIST_DIR])
      await cp(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });
    await symlink(join(PROJECT_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const confide = (args: string[]) => runProcess(process.execPath, [join(root, "bin/confide.js"), ...args]);

  it("runs the compiled code while it matches, refuses it after a source changes, and runs again once compiled", async () => {
    expect((await confide(["--help"])).code).toBe(0);

    const main = join(root, "src/cli/main.ts");
    await writeFile(main, `${await readFile(main, "utf8")}\n// changed\n`);
    expect(compiledState(root)).toEqual({
      fresh: false,
      reason: "the sources changed since dist/ was compiled",
    });
    const refused = await confide(["--help"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      'confide: the sources changed since dist/ was compiled, so the code there is not this code. Run "npm run compile" (npm install does it too), then try again.\n',
    );

    expect(compileIfStale(root)).toBe(true);
    expect(compileIfStale(root)).toBe(false);
    const again = await confide(["--help"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Usage: confide <command>/);

    // This script rewrites the compiled imports of zod: a change to it is a change to dist/ too.
    const script = join(root, "scripts/compiled-code.js");
    await writeFile(script, `${await readFile(script, "utf8")}\n// changed\n`);
    expect(compiledState(root)).toMatchObject({ fresh: false });
  });
});
