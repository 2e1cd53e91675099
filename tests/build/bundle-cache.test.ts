import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedBuild, recordFileOf } from "../../src/build/bundle-cache.ts";
import { projectPath } from "../../src/project-paths.ts";

describe("issue 11: a build's output reused while none of its inputs changed", () => {
  let dir = "";
  let builds = 0;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "confide-cache-"));
    builds = 0;
    await writeFile(join(dir, "a.ts"), "export const a = 1;\n");
    await writeFile(join(dir, "b.ts"), "export const b = 2;\n");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = (key = "options-1") =>
    cachedBuild({
      file: join(dir, "cache/record.json"),
      key,
      build: async () => {
        builds++;
        // Like esbuild, it reads its inputs.
        for (const input of ["a.ts", "b.ts"]) await readFile(join(dir, input));
        return {
          files: new Map([["/assets/js/out.js", new Uint8Array([builds, 0, 255])]]),
          data: { entry: `/assets/js/out-${builds}.js` },
          inputs: [join(dir, "a.ts"), join(dir, "b.ts")],
        };
      },
    });

  it("builds once, then gives back the same bytes and data without building", async () => {
    const first = await run();
    const second = await run();
    expect(builds).toBe(1);
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect(second.files).toEqual(first.files);
    expect(second.data).toEqual({ entry: "/assets/js/out-1.js" });
  });

  it("builds again when an input changes, disappears, or the key changes", async () => {
    await run();
    await writeFile(join(dir, "b.ts"), "export const b = 3;\n");
    expect((await run()).cached).toBe(false);
    expect((await run("options-2")).cached).toBe(false);
    await rm(join(dir, "a.ts"));
    await expect(run("options-2")).rejects.toThrow(/ENOENT/); // the build reads a.ts: it is gone
    expect(builds).toBe(4);
  });

  it("issue 13: builds again when the code that makes the output changes, its maker being an input", async () => {
    const maker = join(dir, "maker.ts");
    await writeFile(maker, "export const version = 1;\n");
    const runBy = () =>
      cachedBuild({
        file: join(dir, "cache/record.json"),
        key: "options-1",
        maker: pathToFileURL(maker).href,
        build: async () => {
          builds++;
          return { files: new Map(), data: null, inputs: [join(dir, "a.ts")] };
        },
      });
    expect((await runBy()).cached).toBe(false);
    expect((await runBy()).cached).toBe(true);
    await writeFile(maker, "export const version = 2;\n");
    expect((await runBy()).cached).toBe(false);
    expect(builds).toBe(2);
  });

  it("issue 13: lists its own code among every record's inputs, so a record made by other code is not trusted", async () => {
    await run();
    const record = JSON.parse(await readFile(join(dir, "cache/record.json"), "utf8"));
    expect(Object.keys(record.inputs)).toEqual(
      [join(dir, "a.ts"), join(dir, "b.ts"), projectPath("src/build/bundle-cache.ts")].sort(),
    );
  });

  it("issue 13: makes again, once, an output recorded in format 1, whose record did not list the code that wrote it", async () => {
    await run();
    const record = join(dir, "cache/record.json");
    await writeFile(record, JSON.stringify({ ...JSON.parse(await readFile(record, "utf8")), format: 1 }));
    expect((await run()).cached).toBe(false);
    expect((await run()).cached).toBe(true);
    expect(builds).toBe(2);
  });

  it("ignores a damaged record", async () => {
    await run();
    await writeFile(join(dir, "cache/record.json"), '{"format":1,"key":"options-1","inp');
    expect((await run()).cached).toBe(false);
    expect((await run()).cached).toBe(true);
  });
});

describe("recordFileOf", () => {
  it("issue 13: keeps one record per copy of the maker's code, TypeScript or compiled, in the project's cache", () => {
    const source = recordFileOf({ name: "island-bundle", maker: "file:///work/src/build/bundle-island.ts" });
    const compiled = recordFileOf({
      name: "island-bundle",
      maker: "file:///work/dist/src/build/bundle-island.js",
    });
    expect(source).toBe(projectPath("node_modules/.cache/confide/island-bundle.source.json"));
    expect(compiled).toBe(projectPath("node_modules/.cache/confide/island-bundle.compiled.json"));
  });

  it("refuses an unknown option by name", () => {
    expect(() => recordFileOf({ name: "x", maker: "file:///x.ts", dir: "/tmp" } as never)).toThrow(
      "recordFileOf: unknown option dir",
    );
  });
});
