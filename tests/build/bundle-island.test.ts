import { readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { recordFileOf } from "../../src/build/bundle-cache.ts";
import { bundleIsland, type IslandBundle } from "../../src/build/bundle-island.ts";
import { islandBundleOptions } from "../../src/eleventy/island-bundle.ts";
import { PROJECT_ROOT, projectPath } from "../../src/project-paths.ts";

/** Where bundleIsland keeps its record when run as TypeScript, as here (src/build/bundle-cache.ts). */
const RECORD = recordFileOf({
  name: "island-bundle",
  maker: pathToFileURL(projectPath("src/build/bundle-island.ts")).href,
});

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());
/** The last part of an address: what a bundle's own `import` names. */
const fileName = (url: string) => url.slice(url.lastIndexOf("/") + 1);

let bundle: IslandBundle;
beforeAll(async () => {
  bundle = await bundleIsland(); // the run's bundles, made again only when a source changed
});

describe("bundleIsland", () => {
  it("refuses an unknown option by name", async () => {
    await expect(bundleIsland({ minify: true, sourcemap: true } as never)).rejects.toThrow(
      "bundleIsland: unknown option sourcemap",
    );
  });

  it("gives the report form's and the quick exit's bundles, each published under /assets/js/", () => {
    const { reportForm, quickExit } = bundle.assets;
    expect(reportForm).toMatch(/^\/assets\/js\/report-form-[A-Z0-9]+\.js$/);
    expect(quickExit).toMatch(/^\/assets\/js\/quick-exit-[A-Z0-9]+\.js$/);
    expect(text(bundle.files.get(reportForm)).length).toBeGreaterThan(0);
    expect(text(bundle.files.get(quickExit))).toContain("data-quick-exit");
  });

  it("publishes every file at a site address: no folder of this computer, no '..', no backslash", () => {
    const addresses = [...bundle.files.keys()];
    expect(addresses.length).toBeGreaterThan(2);
    for (const url of addresses) {
      expect(url, url).toMatch(/^\/assets\/js\/(chunks\/)?[\w.-]+$/);
      expect(url.split("/"), url).not.toContain("..");
    }
    for (const bytes of bundle.files.values()) expect(text(bytes)).not.toContain(PROJECT_ROOT);
  });

  it("names as the form's imports exactly the chunks its bundle imports before it runs, not OpenPGP's", () => {
    const { reportForm, reportFormImports } = bundle.assets;
    const entry = text(bundle.files.get(reportForm));
    expect(reportFormImports.length).toBeGreaterThan(0);
    for (const url of reportFormImports) {
      expect(bundle.files.has(url), url).toBe(true);
      expect(entry, `the form's bundle imports ${url}`).toContain(`"./chunks/${fileName(url)}"`);
    }
    // The encryption code is imported later, when the reporter sends: never preloaded with the form.
    const sealReport = [...bundle.files.keys()].find((url) => /\/seal-report-[A-Z0-9]+\.js$/.test(url));
    if (!sealReport) throw new Error("no seal-report chunk");
    expect(entry).toContain(`import("./chunks/${fileName(sealReport)}")`);
    expect(reportFormImports).not.toContain(sealReport);
    const statically = [...entry.matchAll(/(?:^|[;}])import\s*[^("]*"\.\/chunks\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(statically.sort()).toEqual(reportFormImports.map(fileName).sort());
  });

  it("gives the same bundles again without rebuilding, from a record of every input's digest", async () => {
    const recordBefore = await readFile(RECORD, "utf8");
    const again = await bundleIsland();
    expect(again.assets).toEqual(bundle.assets);
    expect([...again.files.keys()].sort()).toEqual([...bundle.files.keys()].sort());
    for (const [url, bytes] of bundle.files)
      expect(new Uint8Array(again.files.get(url) ?? []), url).toEqual(new Uint8Array(bytes));
    expect(await readFile(RECORD, "utf8"), "the record is not written again").toBe(recordBefore);

    const record = JSON.parse(recordBefore) as { key: string; inputs: Record<string, string> };
    expect(record.key).toBe(JSON.stringify(islandBundleOptions({ minify: undefined })));
    const inputs = Object.keys(record.inputs);
    // Absolute, so a build run from another folder checks the same files.
    expect(inputs.every((input) => isAbsolute(input) && input.startsWith(PROJECT_ROOT))).toBe(true);
    expect(inputs).toContain(projectPath("src/client/main.tsx"));
    expect(inputs).toContain(projectPath("src/client/quick-exit.ts"));
    expect(inputs, "esbuild's version").toContain(projectPath("package-lock.json"));
  });

  it("issue 13: makes the bundles again when the code that names them changes, not only their sources", async () => {
    await bundleIsland();
    const record = JSON.parse(await readFile(RECORD, "utf8")) as { inputs: Record<string, string> };
    // The record's addresses and the form's imports are chosen by src/build/bundle-island.ts: a fix
    // there must not be hidden behind the bundles it recorded before.
    expect(Object.keys(record.inputs)).toContain(projectPath("src/build/bundle-island.ts"));
  });
});
