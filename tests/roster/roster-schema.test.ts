import { describe, expect, it } from "vitest";
import { validateWithSchema } from "../../src/check/schema-diagnostics.ts";
import { parseYamlSource } from "../../src/check/yaml-source.ts";
import { rosterSchema } from "../../src/roster/roster-schema.ts";

const ADA = {
  id: "ada",
  name: "Ada Example",
  role: "Lead responder",
  key: "keys/ada.asc",
  fingerprint: "8E33 1E06 31E9 142B C0F9  9AD4 E087 D454 5B84 8BB8",
  receives_reports: true,
};

/** The messages of a roster with these responders, by the path they point at. */
function problems(...responders: unknown[]): Record<string, string> {
  const result = rosterSchema.safeParse({ responders });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("rosterSchema", () => {
  it("takes the minimum entry and fills in the defaults", () => {
    expect(rosterSchema.parse({ responders: [ADA] }).responders[0]).toEqual({
      ...ADA,
      languages: [],
      monitors_alias: false,
    });
  });

  it("needs at least one responder", () => {
    expect(problems()).toHaveProperty("responders");
  });

  it("needs a key of a responder who receives reports, and a fingerprint beside every key", () => {
    expect(problems({ ...ADA, key: undefined, fingerprint: undefined })).toEqual({
      "responders.0.key": "a responder who receives reports needs a public key",
    });
    expect(problems({ ...ADA, fingerprint: undefined })).toEqual({
      "responders.0.fingerprint": "a key needs its fingerprint beside it, so a swapped key file is noticed",
    });
  });

  it("lets a listed contact who does not receive reports go without a key, but not have a personal inbox", () => {
    const listed = {
      id: "jonas",
      name: "Jonas",
      role: "Venue contact",
      receives_reports: false,
      phone: "07700 900456",
    };
    expect(problems(listed)).toEqual({});
    expect(problems({ ...listed, inbox: "xjonasform" })).toEqual({
      "responders.0.inbox": "only a responder who receives reports has a personal inbox",
    });
    expect(problems({ ...ADA, inbox: "xadaform" })).toEqual({});
  });

  it("refuses ids that would not make a safe address or file name", () => {
    for (const id of ["Ada", "-ada", "ada/../x", "ada.asc", "", "ädä", "ada "])
      expect(problems({ ...ADA, id }), JSON.stringify(id)).toHaveProperty("responders.0.id");
    for (const id of ["ada", "ada-2", "0ada"]) expect(problems({ ...ADA, id })).toEqual({});
  });

  it("refuses empty or blank text, a bad email, language tags it cannot read, and unknown fields", () => {
    expect(
      Object.keys(
        problems({ ...ADA, name: "   ", email: "ada@", languages: ["English"], twitter: "@ada" }),
      ).sort(),
    ).toEqual(["responders.0", "responders.0.email", "responders.0.languages.0", "responders.0.name"]);
  });

  it("refuses a personal inbox id that is not a form id", () => {
    expect(problems({ ...ADA, inbox: "https://formspree.io/f/xadaform" })).toHaveProperty(
      "responders.0.inbox",
    );
  });

  it("trims text, so a trailing space in a name is not kept", () => {
    expect(rosterSchema.parse({ responders: [{ ...ADA, name: "  Ada  " }] }).responders[0]?.name).toBe("Ada");
  });

  it('issue 14: says how to fix each mistake its own checks find, not "Expected (…)"', () => {
    const text = [
      "responders:",
      "  - id: sam",
      "    name: Sam",
      "    role: Responder",
      "    receives_reports: true",
      "  - id: kim",
      "    name: Kim",
      "    role: Responder",
      "    key: keys/kim.asc",
      "    receives_reports: false",
      "    inbox: xkimform",
      "",
    ].join("\n");
    const source = parseYamlSource("_data/roster.yaml", text).source;
    if (!source) throw new Error("the roster does not parse");
    const fixes = validateWithSchema(source, rosterSchema).diagnostics.map((d) => [d.line, d.fix]);
    expect(fixes).toEqual([
      [
        2,
        expect.stringMatching(
          /^Save their public key as keys\/sam\.asc .*`key: keys\/sam\.asc`.*receives_reports: false/,
        ),
      ],
      [
        6,
        expect.stringMatching(
          /^Add `fingerprint: "…"` with the 40 characters `gpg --fingerprint EMAIL` shows/,
        ),
      ],
      [11, "Set `receives_reports: true`, or remove the `inbox:` line."],
    ]);
  });
});
