import { describe, expect, it } from "vitest";
import type { SiteLanguage } from "../../src/i18n/translations.ts";
import {
  callButtons,
  contactLinks,
  EmptyBlockError,
  phoneLink,
  procedureBlocks,
  telLink,
} from "../../src/site/procedure-blocks.ts";
import { exampleContent } from "../helpers/content-folder.ts";

const { languages } = await exampleContent();
const english = languages.find((language) => language.prefix === "") as SiteLanguage;
const arabic = languages.find((language) => language.tag === "ar") as SiteLanguage;

/** A block's HTML for a language. */
const render = (name: string, language: SiteLanguage): string => String(procedureBlocks[name]?.(language));

/** The error a block throws for a language, or a failure when it renders. */
function emptyBlockError(name: string, language: SiteLanguage): EmptyBlockError {
  try {
    render(name, language);
  } catch (error) {
    if (error instanceof EmptyBlockError) return error;
    throw error;
  }
  throw new Error(`{% ${name} %} rendered, where an EmptyBlockError was expected`);
}

describe("procedureBlocks", () => {
  it("prints every emergency number of the page's language as a dialable link, in site.yaml's order", () => {
    const out = render("emergency_numbers", english);
    const hrefs = [...out.matchAll(/href="(tel:[^"]*)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual(english.site.emergency.map((phone) => `tel:${phone.number.replace(/\D/g, "")}`));
    expect(out).toContain("Samaritans, someone to talk to:");
  });

  it("names the data to add when a block would print an empty list", () => {
    const noEmergency = { ...english, site: { ...english.site, emergency: [] } };
    const error = emptyBlockError("emergency_numbers", noEmergency);
    expect(error.message).toContain("{% emergency_numbers %} would print an empty list");
    expect(error.fix).toContain("`emergency:` in _data/site.yaml");

    const noChannels = { ...english, site: { ...english.site, channels: [] } };
    expect(emptyBlockError("other_channels", noChannels).fix).toContain("`channels:` in _data/site.yaml");

    const noReaders = {
      ...english,
      responders: english.responders.map((r) => ({ ...r, monitors_alias: false })),
    };
    expect(emptyBlockError("alias_readers", noReaders).message).toContain(english.site.alias.email);

    const noRecipients = {
      ...english,
      responders: english.responders.map((r) => ({ ...r, receives_reports: false })),
    };
    expect(emptyBlockError("report_recipients", noRecipients).fix).toContain("receives_reports: true");
  });

  it("refuses to print an on-site phone that site.yaml does not have, and prints it when it does", () => {
    const online = { ...english, site: { ...english.site, on_site: undefined } } as unknown as SiteLanguage;
    expect(emptyBlockError("on_site_phone", online).fix).toContain("{% if site.on_site.phone %}");
    expect(render("on_site_phone", english)).toContain('href="tel:07700900123"');
  });

  it("lists as alias readers and report recipients exactly the responders marked so, linked to their pages", () => {
    const readers = render("alias_readers", english);
    const recipients = render("report_recipients", english);
    for (const responder of english.responders) {
      expect(readers.includes(`>${responder.name}<`), responder.id).toBe(responder.monitors_alias);
      expect(recipients.includes(`>${responder.name}<`), responder.id).toBe(responder.receives_reports);
    }
    expect(english.responders.some((r) => !r.monitors_alias || !r.receives_reports)).toBe(true);
  });

  it("offers the form as a channel only when the site has one, and always the shared address", () => {
    const withForm = render("online_channels", english);
    expect(withForm).toContain('href="/report/');
    expect(withForm).toContain(`href="mailto:${english.site.alias.email}"`);
    const noForm = render("online_channels", {
      ...english,
      site: { ...english.site, form: undefined },
    } as never);
    expect(noForm).not.toContain('href="/report/');
    expect(noForm).toContain(`href="mailto:${english.site.alias.email}"`);
  });

  it("links a translation's blocks to that translation's pages", () => {
    expect(render("online_channels", arabic)).toContain('href="/ar/report/');
    expect(render("responder_list", arabic)).toMatch(/href="\/ar\/responders?\//);
  });

  it("escapes what the data says, so a name cannot add markup", () => {
    const hostile = {
      ...english.responders[0],
      name: '<img src=x onerror="alert(1)">',
      receives_reports: true,
    };
    const out = render("report_recipients", { ...english, responders: [hostile] } as SiteLanguage);
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img src=x onerror=");
  });
});

describe("the phone and contact links", () => {
  it("dials the digits of a number and shows it as written, left to right", () => {
    expect(String(telLink("+44 (0)7700 900-123"))).toBe(
      '<a href="tel:+4407700900123" dir="ltr">+44 (0)7700 900-123</a>',
    );
    expect(String(telLink("999", "tel"))).toBe('<a class="tel" href="tel:999" dir="ltr">999</a>');
  });

  it("prints a labelled number with its note, and without one when it has none", () => {
    expect(String(phoneLink({ label: "Police", number: "101" }))).toBe(
      '<span class="label">Police:</span> <a class="tel" href="tel:101" dir="ltr">101</a>',
    );
    expect(String(phoneLink({ label: "Police", number: "101", note: "Not urgent." }))).toContain(
      '<span class="note">Not urgent.</span>',
    );
  });

  it("makes each emergency number a call button, number first", () => {
    const out = String(callButtons([{ label: "Emergency", number: "999" }]));
    expect(out).toBe(
      '<ul class="numbers calls"><li><a class="call" href="tel:999"><span class="call-number" dir="ltr">999</span> <span class="call-label">Emergency</span></a></li></ul>',
    );
  });

  it("joins a contact's email, phone and address with the language's or, leaving out what is missing", () => {
    const all = String(
      contactLinks({ email: "a@b.example", phone: "101", url: "https://b.example/" }, "en-GB"),
    );
    expect(all).toContain('href="mailto:a@b.example"');
    expect(all).toContain('href="tel:101"');
    expect(all).toContain('href="https://b.example/"');
    expect(all).toMatch(/ or /);
    expect(String(contactLinks({ email: "a@b.example", phone: null }, "en-GB"))).toBe(
      '<a href="mailto:a@b.example">a@b.example</a>',
    );
  });
});
