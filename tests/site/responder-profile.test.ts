import { describe, expect, it } from "vitest";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import { responderProfile } from "../../src/site/responder-profile.ts";
import { urls } from "../../src/site/urls.ts";
import { exampleContent } from "../helpers/content-folder.ts";

const { languages } = await exampleContent();
const [english] = languages;
const arabic = languages.find((language) => language.tag === "ar");
const ada = english?.responders.find((responder) => responder.id === "ada");
const jonas = english?.responders.find((responder) => responder.id === "jonas");
if (!english || !arabic || !ada?.publicKey || !jonas)
  throw new Error("the example is not as this test expects");

/** The page's text, tags removed and spaces squeezed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("responderProfile", () => {
  it("says who the responder is, how to reach them, and that reports are encrypted to them", () => {
    const page = responderProfile(ada, english).toString();
    expect(text(page)).toContain(`Role ${ada.role}`);
    expect(page).toContain(`href="mailto:${ada.email}"`);
    expect(text(page)).toContain(
      "Receives reports Yes: reports sent with the form are encrypted to their key.",
    );
  });

  it("shows the key's fingerprint in groups of four, its type and expiry, and links the key for download", () => {
    const page = responderProfile(ada, english).toString();
    const key = ada.publicKey;
    if (!key) throw new Error("no key");
    expect(page).toContain(`<code class="fingerprint">${groupFingerprint(key.fingerprint)}</code>`);
    expect(text(page)).toContain(`Type ${key.algorithm}`);
    const expires = key.expires?.toISOString().slice(0, 10);
    expect(page).toContain(`<time datetime="${expires}">${expires}</time>`);
    expect(page).toContain(
      `<a href="${urls.key("ada")}" download>Download <bdi>${ada.name}</bdi>’s public key</a> (ada.asc)`,
    );
  });

  it("says a key that never expires never does", () => {
    const key = ada.publicKey;
    if (!key) throw new Error("no key");
    const page = responderProfile({ ...ada, publicKey: { ...key, expires: null } }, english).toString();
    expect(text(page)).toContain("Expires Never");
  });

  it("gives a listed contact without a key no key section, and says they do not receive reports", () => {
    const page = responderProfile(jonas, english).toString();
    expect(page).not.toContain('id="key"');
    expect(page).not.toContain("download");
    expect(text(page)).toContain("No: they do not receive form reports.");
    expect(page).toContain('href="tel:');
  });

  it("prints only what is set: no pronouns, languages, photo or about line when there are none", () => {
    const bare = {
      ...ada,
      pronouns: undefined,
      languages: [],
      photo: undefined,
      about: undefined,
      email: undefined,
      phone: undefined,
    };
    const page = responderProfile(bare, english).toString();
    for (const label of ["Pronouns", "Languages", "Contact"]) expect(text(page)).not.toContain(label);
    expect(page).not.toContain("<img");
    expect(page).not.toMatch(/<p>(?!<a)/);
  });

  it("names languages in the page's language, and prints the photo when there is one", () => {
    const page = responderProfile(
      { ...ada, languages: ["en", "es"], photo: "photos/ada.jpg" },
      english,
    ).toString();
    expect(text(page)).toContain("Languages English and Spanish");
    expect(page.startsWith(`<img class="photo" src="${urls.photo("ada")}"`)).toBe(true);
    expect(text(responderProfile({ ...ada, languages: ["en"] }, arabic).toString())).toContain("الإنجليزية");
  });

  it("escapes whatever the roster says", () => {
    const hostile = {
      ...ada,
      name: "<script>x</script>",
      role: '"><img src=x onerror=alert(1)>',
      about: "<b>bold</b>",
    };
    const page = responderProfile(hostile, english).toString();
    expect(page).not.toMatch(/<script>|<img src=x|<b>/);
    expect(page).toContain("&lt;script&gt;x&lt;/script&gt;");
  });
});
