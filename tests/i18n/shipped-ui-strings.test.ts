import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SHIPPED_UI_LANGUAGES, shippedUiSource } from "../../src/i18n/shipped-ui-strings.ts";
import { projectPath } from "../../src/project-paths.ts";

describe("shippedUiSource", () => {
  it.each(
    SHIPPED_UI_LANGUAGES,
  )("gives Confide's own words in %s, parsed, naming the file as Confide's own", async (tag) => {
    const source = await shippedUiSource({ tag });
    expect(source?.file).toBe(`(Confide's own) src/i18n/ui/${tag}.yaml`);
    expect(source?.value).toEqual(parse(await readFile(projectPath(`src/i18n/ui/${tag}.yaml`), "utf8")));
  });

  it("finds a language by its primary tag, whatever the region or case", async () => {
    expect((await shippedUiSource({ tag: "en-GB" }))?.file).toContain("ui/en.yaml");
    expect((await shippedUiSource({ tag: "ES-mx" }))?.file).toContain("ui/es.yaml");
    expect((await shippedUiSource({ tag: "ar-EG" }))?.file).toContain("ui/ar.yaml");
  });

  it("gives null for a language Confide does not ship, and never reads a path made from the tag", async () => {
    expect(await shippedUiSource({ tag: "fi" })).toBeNull();
    expect(await shippedUiSource({ tag: "" })).toBeNull();
    expect(await shippedUiSource({ tag: "../../package" })).toBeNull();
    expect(await shippedUiSource({ tag: "en/../../package" })).toBeNull();
  });
});
