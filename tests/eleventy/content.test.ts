import { readKeys } from "openpgp";
import { describe, expect, it } from "vitest";
import type { Content } from "../../src/content/validate-content.ts";
import contentPlugin from "../../src/eleventy/content.ts";
import type { CollectionItem } from "../../src/eleventy/eleventy-types.ts";
import { EmptyBlockError, procedureBlocks } from "../../src/site/procedure-blocks.ts";
import { responderProfile } from "../../src/site/responder-profile.ts";
import { urls } from "../../src/site/urls.ts";
import { exampleContent } from "../helpers/content-folder.ts";
import {
  callOnPage,
  globalDataOf,
  loaderOf,
  type RecordedConfig,
  recordingConfig,
} from "../helpers/plugin-config.ts";

const example = await exampleContent();
const spanish = example.languages.find((language) => language.tag === "es");
const english = example.languages[0];
if (!spanish || !english) throw new Error("the example has no English and Spanish pages");

/** The plugin added to a recording configuration, with this content. */
function plugin(content: Content = example): RecordedConfig {
  const recorded = recordingConfig();
  contentPlugin(recorded.config, { content: loaderOf(content) });
  return recorded;
}

/** The example with one responder changed, in the roster and in every language's copy of it. */
function withResponder(id: string, change: Partial<Content["responders"][number]>): Content {
  const changed = <T extends { id: string }>(responders: readonly T[]): T[] =>
    responders.map((r) => (r.id === id ? { ...r, ...change } : r));
  return {
    ...example,
    responders: changed(example.responders),
    languages: example.languages.map((language) => ({
      ...language,
      responders: changed(language.responders),
    })),
  };
}

/** A page in a collection, as Eleventy gives it. */
const item = (url: string, data: CollectionItem["data"]): CollectionItem => ({ url, data });

describe("the content plugin's data", () => {
  it("gives the published keys' responders: everyone with a key, receiving reports or not", async () => {
    const keyed = (await globalDataOf(
      plugin(withResponder("tomas", { receives_reports: false })),
      "keyedResponders",
    )) as Content["responders"];
    expect(keyed.map((r) => r.id)).toEqual(["ada", "tomas", "mei"]);
    expect(
      example.responders.find((r) => r.id === "jonas")?.publicKey,
      "jonas is listed without a key",
    ).toBeNull();
  });

  it("publishes one key block holding exactly the keys of those who receive reports", async () => {
    const content = withResponder("tomas", { receives_reports: false });
    const block = (await globalDataOf(plugin(content), "allReceivingKeys")) as string;
    expect(
      block.match(/-----BEGIN PGP PUBLIC KEY BLOCK-----/g),
      "one block: some clients read only the first",
    ).toHaveLength(1);
    expect(block).not.toContain("PRIVATE");
    const fingerprints = (await readKeys({ armoredKeys: block })).map((key) =>
      key.getFingerprint().toUpperCase(),
    );
    const expected = ["ada", "mei"].map(
      (id) => content.responders.find((r) => r.id === id)?.publicKey?.fingerprint,
    );
    expect(fingerprints.map((f) => f.replaceAll(" ", ""))).toEqual(
      expected.map((f) => f?.replaceAll(" ", "").toUpperCase()),
    );
  });

  it("gives the layout the site's addresses and a tel: filter that keeps only digits and +", () => {
    const recorded = plugin();
    expect(recorded.globalData.get("urls")).toBe(urls);
    expect(callOnPage(recorded.filters.get("tel"), { url: "/" }, "+44 (0)117 496-0000")).toBe(
      "tel:+4401174960000",
    );
    expect(callOnPage(recorded.filters.get("tel"), { url: "/" }, '999"><script>')).toBe("tel:999");
  });

  it("makes one responder page per responder in each language, with its title and description as text", async () => {
    const hostile = withResponder("ada", { name: 'Ada <img src=x onerror="alert(1)">' });
    const pages = (await globalDataOf(plugin(hostile), "responderPages")) as Array<Record<string, string>>;
    const ids = english.responders.map((r) => r.id);
    expect(pages.map((page) => page.url)).toEqual([
      ...ids.map((id) => `/responders/${id}/`),
      ...example.languages
        .slice(1)
        .flatMap((language) => ids.map((id) => `/${language.tag}/responders/${id}/`)),
    ]);
    const spanishTomas = pages.find((page) => page.url === "/es/responders/tomas/");
    const tomas = spanish.responders.find((r) => r.id === "tomas");
    expect(spanishTomas?.description).toContain(tomas?.role);
    expect(spanishTomas?.description).toBe(
      spanish.ui["responder.page_description"].replace(/\{\{?\s*role\s*\}?\}/, tomas?.role ?? ""),
    );
    // Raw text here: the layout escapes it once where it prints it.
    expect(pages.find((page) => page.url === "/responders/ada/")?.title).toBe(
      'Ada <img src=x onerror="alert(1)">',
    );
  });
});

describe("the content plugin's menus", () => {
  const pages = [
    item("/reporting/", { nav: { label: "Reporting", order: 2 }, footer: "How to report" }),
    item("/code-of-conduct/", { nav: { label: "Code", order: 1 } }),
    item("/zebra/", { nav: { label: "Zebra" } }),
    item("/alpha/", { nav: { label: "Alpha" } }),
    item("/b-tie/", { nav: { label: "B", order: 2 } }),
    item("/privacy/", { footer: "Privacy" }),
    item("/about/", { footer: "About" }),
    item("/plain/", {}),
  ];
  const collection = (name: string) => {
    const make = plugin().collections.get(name);
    if (!make) throw new Error(`no collection ${name}`);
    return make({ getAll: () => [...pages] }).map((page) => page.url);
  };

  it("orders the main menu by nav.order (none counts as 0), ties by address, never by file date", () => {
    expect(collection("mainNav")).toEqual([
      "/alpha/",
      "/zebra/",
      "/code-of-conduct/",
      "/b-tie/",
      "/reporting/",
    ]);
  });

  it("lists the footer's pages by address", () => {
    expect(collection("footerNav")).toEqual(["/about/", "/privacy/", "/reporting/"]);
  });
});

describe("the content plugin's blocks", () => {
  it("renders each procedure block in the language of the page that prints it", async () => {
    const recorded = plugin();
    expect([...recorded.shortcodes.keys()]).toEqual([...Object.keys(procedureBlocks), "responder_profile"]);
    const block = recorded.shortcodes.get("emergency_callout");
    expect(await callOnPage(block, { url: "/es/reporting/" })).toBe(
      procedureBlocks.emergency_callout?.(spanish).value,
    );
    expect(await callOnPage(block, { url: "/reporting/" })).toBe(
      procedureBlocks.emergency_callout?.(english).value,
    );
    expect(procedureBlocks.emergency_callout?.(spanish).value).not.toBe(
      procedureBlocks.emergency_callout?.(english).value,
    );
  });

  it("renders a responder's profile in the page's language, and names an unknown id", async () => {
    const profile = plugin().shortcodes.get("responder_profile");
    const tomas = spanish.responders.find((r) => r.id === "tomas");
    if (!tomas) throw new Error("no tomas");
    expect(await callOnPage(profile, { url: "/es/responders/tomas/" }, "tomas")).toBe(
      responderProfile(tomas, spanish).value,
    );
    await expect(
      callOnPage(profile, { url: "/responders/x/" }, "<b>nobody</b>") as Promise<string>,
    ).rejects.toThrow('No responder with the id "<b>nobody</b>".');
  });

  it("fails a block that would print nothing with the organiser's fix, for the page's language only", async () => {
    const noPhoneInSpanish: Content = {
      ...example,
      languages: example.languages.map((language) =>
        language.tag === "es"
          ? {
              ...language,
              site: { ...language.site, on_site: { staff: language.site.on_site?.staff ?? "" } },
            }
          : language,
      ),
    };
    const block = plugin(noPhoneInSpanish).shortcodes.get("on_site_phone");
    const error = await (callOnPage(block, { url: "/es/reporting/" }) as Promise<string>).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmptyBlockError);
    expect((error as EmptyBlockError).message).toContain("site.yaml has no `on_site.phone`");
    expect((error as EmptyBlockError).fix.length).toBeGreaterThan(0);
    expect(await callOnPage(block, { url: "/reporting/" })).toContain("tel:");
  });

  it("fails a block used outside a page, which has no language", async () => {
    const block = plugin().shortcodes.get("emergency_numbers");
    await expect((block as () => Promise<string>).call({ page: {} } as never)).rejects.toThrow(
      "A shortcode was used outside a page",
    );
  });
});

describe("the content plugin's generated pages", () => {
  it("makes each responder's page in the page's own language, titled with text, not a template", async () => {
    const page = plugin().templates.get("confide-generated/responder.liquid");
    expect(page?.content).toBe("{% responder_profile entry.id %}");
    expect(page?.data).toMatchObject({
      pagination: { data: "responderPages", size: 1, alias: "entry" },
      permalink: "{{ entry.url }}",
    });
    const computed = page?.data.eleventyComputed as Record<string, (data: unknown) => unknown>;
    const entry = { title: "A <b>name</b>", description: "R & D" };
    // Functions: a "{{ entry.title }}" string would be escaped here and again by the layout.
    expect(computed.title?.({ entry })).toBe("A <b>name</b>");
    expect(computed.description?.({ entry })).toBe("R & D");
    expect(
      ((await computed.language?.({ page: { url: "/es/responders/ada/" } })) as { tag: string }).tag,
    ).toBe("es");
  });

  it("publishes each key at /keys/<id>.asc and the receivers' keys at one address, outside every collection and layout", () => {
    const { templates } = plugin();
    expect(templates.get("confide-generated/key.liquid")).toEqual({
      content: "{{ responder.publicKey.armoredPublicKey | raw }}",
      data: {
        pagination: { data: "keyedResponders", size: 1, alias: "responder" },
        permalink: "/keys/{{ responder.id }}.asc",
        layout: false,
        eleventyExcludeFromCollections: true,
      },
    });
    expect(templates.get("confide-generated/all-keys.liquid")?.data).toEqual({
      permalink: urls.allKeys,
      layout: false,
      eleventyExcludeFromCollections: true,
    });
  });

  it("loads nothing until a page asks", () => {
    const recorded = recordingConfig();
    const loader = loaderOf(example);
    contentPlugin(recorded.config, { content: loader });
    expect(loader.gets).toBe(0);
  });
});
