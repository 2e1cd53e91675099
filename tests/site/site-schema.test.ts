import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { siteSchema } from "../../src/site/site-schema.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

const EXAMPLE = parse(readFileSync(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8"));

/** The problems of the example's site.yaml with some fields changed, as "path: message". */
function problems(change: Record<string, unknown>): string[] {
  const result = siteSchema.safeParse({ ...EXAMPLE, ...change });
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("siteSchema", () => {
  it("takes the example's site.yaml, with its defaults filled in", () => {
    const site = siteSchema.parse(EXAMPLE);
    expect(site.event.name).toBe(EXAMPLE.event.name);
    expect(site.keys.expiry_warning_days).toBe(EXAMPLE.keys?.expiry_warning_days ?? 30);
    const minimal = siteSchema.parse({
      event: { name: "Conf" },
      emergency: [{ label: "Emergency", number: "112" }],
      follow_up: "within a week",
      alias: { email: "conduct@example.org" },
    });
    expect(minimal).toMatchObject({
      demo: false,
      lang: "en",
      channels: [],
      independent_contacts: [],
      recipients: "visible",
      quick_exit: "https://www.bbc.co.uk/weather",
    });
  });

  it("needs at least one emergency number and the follow-up promise", () => {
    expect(problems({ emergency: [] })).toEqual([expect.stringMatching(/^emergency: /)]);
    expect(problems({ follow_up: "  " })).toEqual([expect.stringMatching(/^follow_up: /)]);
  });

  it("needs an independent contact to be reachable by email, phone or url", () => {
    expect(problems({ independent_contacts: [{ name: "The board", role: "Not on this team" }] })).toEqual([
      "independent_contacts.0.email: a contact needs an email, a phone or a url, so a reporter can reach them",
    ]);
  });

  it("refuses a time zone that is not one, a language tag it cannot read, and an unknown field", () => {
    expect(problems({ event: { ...EXAMPLE.event, time_zone: "Mars/Olympus" } })).toEqual([
      "event.time_zone: not a time zone name such as Europe/London",
    ]);
    expect(problems({ lang: "English" })).toEqual([expect.stringMatching(/^lang: /)]);
    expect(problems({ titel: "x" })).toEqual([expect.stringMatching(/Unrecognized key/)]);
  });

  it('issue 14: says how to fix a time zone that is not one, not "Expected (…)"', () => {
    const result = siteSchema.safeParse({ ...EXAMPLE, event: { ...EXAMPLE.event, time_zone: "London" } });
    const issue = result.error?.issues[0];
    expect(issue?.code === "custom" ? issue.params?.fix : undefined).toMatch(
      /^Write the time zone's name, such as "Europe\/London"/,
    );
  });

  it("takes an accent as one colour or a light and dark pair, written #rrggbb", () => {
    expect(problems({ accent: "#0a7f5a" })).toEqual([]);
    expect(problems({ accent: { light: "#0a7f5a", dark: "#7fd1b0" } })).toEqual([]);
    expect(problems({ accent: "green" })).not.toEqual([]);
  });

  it("reads recipients as visible or hidden only", () => {
    expect(problems({ recipients: "hidden" })).toEqual([]);
    expect(problems({ recipients: "secret" })).toEqual([expect.stringMatching(/^recipients: /)]);
  });

  it("issue 13: refuses a quick exit that is not a web page (javascript:, data:, mailto:)", () => {
    for (const address of [
      "javascript:alert(1)",
      "data:text/html,<b>hi</b>",
      "mailto:a@example.org",
      "ftp://example.org/",
    ])
      expect(problems({ quick_exit: address }), address).toEqual([expect.stringMatching(/^quick_exit: /)]);
    expect(problems({ quick_exit: "https://www.example.org/weather" })).toEqual([]);
    expect(problems({ quick_exit: "http://www.example.org/" })).toEqual([]);
  });

  it("refuses links that are not web pages (javascript:, data:, mailto:) in the event, channels and contacts", () => {
    const contact = { name: "The conduct team of our host", role: "not part of this event's team" };
    for (const address of ["javascript:alert(1)", "data:text/html,<b>hi</b>", "mailto:a@example.org"]) {
      expect(problems({ event: { ...EXAMPLE.event, url: address } }), address).toEqual([
        expect.stringMatching(/^event\.url: /),
      ]);
      expect(problems({ channels: [{ label: "Mastodon", url: address }] }), address).toEqual([
        expect.stringMatching(/^channels\.0\.url: /),
      ]);
      expect(problems({ independent_contacts: [{ ...contact, url: address }] }), address).toEqual([
        expect.stringMatching(/^independent_contacts\.0\.url: /),
      ]);
    }
    expect(problems({ event: { ...EXAMPLE.event, url: "http://conf.example.org/" } })).toEqual([]);
    expect(problems({ channels: [{ label: "Mastodon", url: "https://social.example/@conf" }] })).toEqual([]);
  });

  it("posts the form only where a browser lets an https page post: https, or http on this computer", () => {
    const endpoint = (address: string) => problems({ form: { ...EXAMPLE.form, endpoint: address } });
    expect(endpoint("https://formspree.io")).toEqual([]);
    for (const local of ["http://127.0.0.1:8081", "http://localhost:8081", "http://[::1]:8081"])
      expect(endpoint(local), local).toEqual([]);
    expect(endpoint("http://forms.example.org")).toEqual([
      expect.stringMatching(/^form\.endpoint: an endpoint on the web must start with https:\/\//),
    ]);
    expect(endpoint("http://127.0.0.1.example.org")).toEqual([expect.stringMatching(/^form\.endpoint: /)]);
    expect(endpoint("javascript:alert(1)")).toEqual([expect.stringMatching(/^form\.endpoint: /)]);
  });
});
