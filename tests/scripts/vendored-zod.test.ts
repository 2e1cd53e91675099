import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DIST_DIR, PROJECT_ROOT, VENDORED_ZOD } from "../../scripts/compiled-code.js";
import { bundleZod } from "../../scripts/vendored-zod.js";

const dir = await mkdtemp(join(tmpdir(), "confide-vendored-zod-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("zod as one file for the compiled code (issue 11)", () => {
  it("is zod without its translations: the same schemas, the same English messages", async () => {
    const outfile = join(dir, "zod.js");
    await bundleZod({ root: PROJECT_ROOT, outfile });
    const vendored = (await import(pathToFileURL(outfile).href)) as { z: typeof z };
    expect(Object.keys(vendored.z.locales)).toEqual([]);
    expect(Object.keys(z.locales).length).toBeGreaterThan(10);

    const shape = (zod: typeof z) =>
      zod.strictObject({ name: zod.string().min(2), count: zod.number().int(), kind: zod.enum(["a", "b"]) });
    const input = { name: "x", count: 1.5, kind: "c", extra: true };
    const issues = (zod: typeof z) => shape(zod).safeParse(input).error?.issues;
    expect(issues(vendored.z)).toEqual(issues(z));
    expect(issues(vendored.z)?.length).toBeGreaterThan(2);
    expect(JSON.stringify(vendored.z.toJSONSchema(shape(vendored.z)))).toBe(
      JSON.stringify(z.toJSONSchema(shape(z))),
    );
  });

  it("is what every compiled module imports: none imports zod by its package name", async () => {
    const dist = join(PROJECT_ROOT, DIST_DIR);
    const files = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith(".js"));
    const bare: string[] = [];
    let pointed = 0;
    for (const file of files) {
      if (file === VENDORED_ZOD) continue;
      const code = await readFile(join(dist, file), "utf8");
      if (/\bfrom\s*"zod"|\bimport\s*\(\s*"zod"/.test(code)) bare.push(file);
      if (code.includes("vendor/zod.js")) pointed += 1;
    }
    expect(bare).toEqual([]);
    expect(pointed).toBeGreaterThan(5);
  });
});
