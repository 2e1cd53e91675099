import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { recordFileOf } from "../../src/build/bundle-cache.ts";
import { ASSETS_DIR, readSiteAssets } from "../../src/build/site-assets.ts";
import { projectPath } from "../../src/project-paths.ts";

/** The files in src/assets/, by the address they are published at. */
async function assetFiles(): Promise<Map<string, string>> {
  const names = (await readdir(ASSETS_DIR)).sort();
  return new Map(
    await Promise.all(
      names.map(async (name) => [`/assets/${name}`, await readFile(join(ASSETS_DIR, name), "utf8")] as const),
    ),
  );
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString("utf8");

describe("readSiteAssets", () => {
  it("rejects an unknown option", async () => {
    await expect(readSiteAssets({ minfy: true } as never)).rejects.toThrow(
      "readSiteAssets: unknown option minfy",
    );
  });

  it("publishes every file in src/assets/ under /assets/, as written when not minified", async () => {
    const sources = await assetFiles();
    const published = await readSiteAssets({ minify: false });
    expect([...published.keys()].sort()).toEqual([...sources.keys()]);
    for (const [url, source] of sources) expect(text(published.get(url)), url).toBe(source);
  });

  it("minifies the stylesheets by default: smaller, without comments, every custom property kept", async () => {
    const sources = await assetFiles();
    const published = await readSiteAssets();
    const css = [...sources.keys()].filter((url) => url.endsWith(".css"));
    expect(css).toContain("/assets/site.css");
    for (const url of css) {
      const source = sources.get(url) ?? "";
      const minified = text(published.get(url));
      expect(minified.length, url).toBeLessThan(source.length);
      expect(minified, url).not.toMatch(/\/\*(?!!)/);
      // Every custom property the stylesheet defines survives minification.
      for (const [property] of source.matchAll(/--[\w-]+(?=\s*:)/g))
        expect(minified, `${url} ${property}`).toContain(property);
    }
  });

  it("issue 13: minifies again when the code that minifies changes, not only the stylesheets", async () => {
    await readSiteAssets();
    const record = JSON.parse(
      await readFile(
        recordFileOf({
          name: "site-assets",
          maker: pathToFileURL(projectPath("src/build/site-assets.ts")).href,
        }),
        "utf8",
      ),
    ) as { inputs: Record<string, string> };
    // How esbuild is called is written in src/build/site-assets.ts, outside the record's key.
    expect(Object.keys(record.inputs)).toContain(projectPath("src/build/site-assets.ts"));
  });
});
