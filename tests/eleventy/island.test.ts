import { describe, expect, it } from "vitest";
import { ISLAND_ID, PROPS_ID } from "../../src/client/island-ids.ts";
import type { Content } from "../../src/content/validate-content.ts";
import type { PreparedBuildSlot } from "../../src/eleventy/build-pipeline.ts";
import islandPlugin from "../../src/eleventy/island.ts";
import { reportFormProps } from "../../src/site/report-form-props.ts";
import { integrityOf } from "../../src/site/subresource-integrity.ts";
import { exampleContent, NOW } from "../helpers/content-folder.ts";
import {
  callOnPage,
  FAKE_ISLAND,
  globalDataOf,
  preparedBuildOf,
  recordingConfig,
} from "../helpers/plugin-config.ts";

const example = await exampleContent();
const spanish = example.languages.find((language) => language.tag === "es");
if (!spanish) throw new Error("the example has no Spanish pages");

/** What would close the props' <script> early, or open a comment that swallows the page's end. */
const HOSTILE_NAME = '</script><script>alert(1)</script><!--<b>"Tide" & water</b>';

/** The example with the event's name replaced, in every language. */
function namedEvent(name: string): Content {
  const rename = <T extends { site: Content["site"] }>(of: T): T => ({
    ...of,
    site: { ...of.site, event: { ...of.site.event, name } },
  });
  return { ...rename(example), languages: example.languages.map(rename) };
}

/** The report_form shortcode of a build of `content`, and what the build publishes. */
async function reportForm(content: Content = example, formEndpoint?: string) {
  const prepared = await preparedBuildOf(content);
  const recorded = recordingConfig();
  islandPlugin(recorded.config, { prepared, formEndpoint, builtAt: NOW });
  const render = (url: string) => callOnPage(recorded.shortcodes.get("report_form"), { url }) as string;
  return { render, prepared, recorded };
}

/** The props the page embeds for the browser, parsed from the first </script> on, as a browser reads it. */
function embeddedProps(html: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${PROPS_ID}">([\\s\\S]*?)</script>`).exec(
    html,
  );
  if (!match?.[1]) throw new Error("no props script");
  return JSON.parse(match[1]);
}

describe("the report_form shortcode", () => {
  it("embeds the form's props as the browser will hydrate them, in the page's language", async () => {
    const { render } = await reportForm();
    const props = (language: (typeof example.languages)[number]) =>
      JSON.parse(JSON.stringify(reportFormProps(language, { eventName: example.site.event.name, now: NOW })));
    expect(embeddedProps(render("/report/"))).toEqual(props(example.languages[0] ?? spanish));
    expect(embeddedProps(render("/es/report/"))).toEqual(props(spanish));
    expect((embeddedProps(render("/es/report/")) as { lang: string }).lang).toBe("es");
  });

  it('keeps "</script>" and "<!--" in the content from closing the props early: the JSON holds no "<"', async () => {
    const { render } = await reportForm(namedEvent(HOSTILE_NAME));
    const html = render("/report/");
    const json = /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(json).not.toContain("<");
    expect(json).toContain("\\u003c/script>");
    expect((embeddedProps(html) as { eventName: string }).eventName).toBe(HOSTILE_NAME);
    // Two scripts in all, both the build's own: the props and the form's module.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).not.toContain("<script>alert");
  });

  it("names the event in the report as the site's own language does, whatever the page's language", async () => {
    const translatedName = {
      ...example,
      languages: example.languages.map((language) =>
        language.tag === "es"
          ? {
              ...language,
              site: { ...language.site, event: { ...language.site.event, name: "Días Tidewater" } },
            }
          : language,
      ),
    };
    const { render } = await reportForm(translatedName);
    expect(embeddedProps(render("/es/report/"))).toMatchObject({
      eventName: example.site.event.name,
      lang: "es",
    });
  });

  it("renders the form in the page, disabled until the browser hydrates it", async () => {
    const { render } = await reportForm();
    const island = new RegExp(
      `<div id="${ISLAND_ID}" class="report-island">([\\s\\S]*?)</div>\\n<noscript>`,
    ).exec(render("/report/"))?.[1];
    expect(island).toMatch(/^<form\b/);
    expect(island).toMatch(/<fieldset class="report-fieldset" disabled(="")?>/);
  });

  it("says, escaped, in the page's language, that the form needs JavaScript", async () => {
    const withNotice = {
      ...example,
      languages: example.languages.map((language) =>
        language.tag === "es"
          ? { ...language, ui: { ...language.ui, "form.noscript": 'Activa <b>JavaScript</b> & "recarga"' } }
          : language,
      ),
    };
    const { render } = await reportForm(withNotice);
    expect(render("/es/report/")).toContain(
      '<noscript><p class="notice">Activa &lt;b&gt;JavaScript&lt;/b&gt; &amp; &quot;recarga&quot;</p></noscript>',
    );
    expect(render("/report/")).toContain(
      `<noscript><p class="notice">${example.languages[0]?.ui["form.noscript"]}`,
    );
  });

  it("loads the form's module and preloads its chunks, each with the integrity of the bytes the build publishes", async () => {
    const { render, prepared } = await reportForm();
    const html = render("/report/");
    const sri = (url: string) => integrityOf(prepared.build.files.get(url) ?? new Uint8Array());
    for (const chunk of FAKE_ISLAND.reportFormImports)
      expect(html).toContain(`<link rel="modulepreload" href="${chunk}" integrity="${sri(chunk)}">`);
    expect(
      html.endsWith(
        `<script type="module" src="${FAKE_ISLAND.reportForm}" integrity="${sri(FAKE_ISLAND.reportForm)}"></script>`,
      ),
    ).toBe(true);
    expect(new Set(FAKE_ISLAND.reportFormImports.map(sri)).size, "each file its own digest").toBe(2);
    expect(html).not.toContain(FAKE_ISLAND.quickExit);
  });

  it("fails, naming the file, when a bundle it names is not published by the build", async () => {
    const { build } = await preparedBuildOf(example);
    const missing = {
      ...build,
      island: { ...build.island, reportFormImports: ["/assets/js/chunks/gone.js"] },
    };
    const recorded = recordingConfig();
    islandPlugin(recorded.config, { prepared: { get: () => missing }, builtAt: NOW });
    expect(() => callOnPage(recorded.shortcodes.get("report_form"), { url: "/report/" })).toThrow(
      "No integrity for /assets/js/chunks/gone.js: this build does not publish that file.",
    );
  });

  it("posts where the build was told to: CONFIDE_FORM_ENDPOINT over site.yaml's endpoint", async () => {
    const endpointOf = (html: string) =>
      (embeddedProps(html) as { form: { endpoint: string | null } }).form.endpoint;
    expect(endpointOf((await reportForm()).render("/report/"))).toBe(example.site.form?.endpoint);
    expect(endpointOf((await reportForm(example, "same-origin")).render("/report/"))).toBeNull();
    expect(endpointOf((await reportForm(example, "https://inbox.example.org/f/x")).render("/report/"))).toBe(
      "https://inbox.example.org/f/x",
    );
  });

  it("renders as of the build's instant, not the clock's", async () => {
    const { render } = await reportForm();
    expect(embeddedProps(render("/report/"))).toMatchObject({ builtAt: NOW.toISOString() });
  });
});

describe("islandAssets", () => {
  it("gives the layout the bundles' addresses of the current build, read when a page asks", async () => {
    let reads = 0;
    const { build } = await preparedBuildOf(example);
    const slot: PreparedBuildSlot = {
      get: () => {
        reads++;
        return build;
      },
    };
    const recorded = recordingConfig();
    islandPlugin(recorded.config, { prepared: slot, builtAt: NOW });
    expect(reads, "nothing is read before the build is prepared").toBe(0);
    expect(await globalDataOf(recorded, "islandAssets")).toBe(FAKE_ISLAND);
  });
});
