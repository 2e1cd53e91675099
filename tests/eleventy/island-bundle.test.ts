import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { islandBundleOptions } from "../../src/eleventy/island-bundle.ts";
import { gzipped, INITIAL_JS_BUDGET } from "../helpers/page-budgets.ts";

let metafile: Metafile;
const contents = new Map<string, Uint8Array>();

beforeAll(async () => {
  const result = await build({ ...islandBundleOptions(), outdir: "out" });
  metafile = result.metafile;
  for (const file of result.outputFiles)
    contents.set(file.path.slice(file.path.indexOf("out/")), file.contents);
});

/** The report form's entry bundle and every chunk it imports statically: what loads before interaction. */
function initialBundles(): string[] {
  const entry = Object.keys(metafile.outputs).find((path) =>
    metafile.outputs[path]?.entryPoint?.endsWith("main.tsx"),
  );
  if (!entry) throw new Error("no report-form bundle");
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? [])
      if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

const inputsOf = (paths: readonly string[]) =>
  paths.flatMap((path) => Object.keys(metafile.outputs[path]?.inputs ?? {}));

describe("the browser bundles", () => {
  it("take no option but minify", () => {
    expect(() => islandBundleOptions({ minify: false, sourcemap: true } as never)).toThrow(
      "islandBundleOptions: unknown option sourcemap",
    );
  });

  it("issue 11: hold no Stripe or React-emulation code in any bundle (the form posts with fetch)", () => {
    const everyInput = inputsOf(Object.keys(metafile.outputs));
    expect(everyInput.length).toBeGreaterThan(0);
    expect(everyInput.filter((input) => /@stripe\/|@formspree\/react|preact\/compat/.test(input))).toEqual(
      [],
    );
  });

  it(`issue 11: load at most ${INITIAL_JS_BUDGET / 1024} KB gzip of JavaScript before interaction, with no OpenPGP module`, () => {
    const initial = initialBundles();
    expect(inputsOf(initial).filter((input) => /openpgp|seal-report/.test(input))).toEqual([]);
    const total = initial.reduce((sum, path) => sum + gzipped(contents.get(path) ?? ""), 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });

  it("load the OpenPGP code only through a dynamic import of seal-report", () => {
    const lazy = Object.entries(metafile.outputs).filter(([, output]) =>
      Object.keys(output.inputs).some((input) => input.includes("node_modules/openpgp/")),
    );
    expect(lazy.length).toBeGreaterThan(0);
    const initial = new Set(initialBundles());
    for (const [path] of lazy) expect(initial.has(path), path).toBe(false);
    const entry = initialBundles()[0] ?? "";
    const dynamic = (metafile.outputs[entry]?.imports ?? []).filter((i) => i.kind === "dynamic-import");
    expect(dynamic.map((i) => i.path).some((path) => /chunks\/seal-report-/.test(path))).toBe(true);
  });
});
