import { describe, expect, it } from "vitest";
import { z } from "zod";
import { closest, validateWithSchema } from "../../src/check/schema-diagnostics.ts";
import { parseYamlSource } from "../../src/check/yaml-source.ts";

const schema = z.strictObject({
  event: z.strictObject({
    name: z.string().trim().min(1).describe("the event's name"),
    year: z.number().describe("the year").optional(),
  }),
  contact: z.email().describe("where to write").optional(),
  website: z.url().optional(),
  mode: z.enum(["direct", "hook"]).optional(),
  responders: z
    .array(
      z.strictObject({
        id: z.string(),
        languages: z.array(z.string()).min(1).optional(),
        age: z.number().min(18).optional(),
      }),
    )
    .optional(),
});

/** The diagnostics of a site.yaml with this text, without the parts every one shares. */
function problems(text: string, against: z.ZodType = schema) {
  const { source } = parseYamlSource("_data/site.yaml", text);
  if (!source) throw new Error("the test's YAML does not parse");
  const { data, diagnostics } = validateWithSchema(source, against);
  expect(data).toBeNull();
  for (const diagnostic of diagnostics)
    expect(diagnostic).toMatchObject({ file: "_data/site.yaml", severity: "error" });
  return diagnostics.map(({ line, col, message, fix }) => ({ at: `${line}:${col}`, message, fix }));
}

describe("validateWithSchema", () => {
  it("gives the parsed data and no diagnostics for a valid file", () => {
    const { source } = parseYamlSource("_data/site.yaml", "event:\n  name: '  Conf  '\n");
    expect(validateWithSchema(source as NonNullable<typeof source>, schema)).toEqual({
      data: { event: { name: "Conf" } },
      diagnostics: [],
    });
  });

  it("names a misspelt field at its key and suggests the field it was probably meant to be", () => {
    expect(problems("event:\n  nmae: Conf\n")).toEqual([
      { at: "2:3", message: 'Missing field "name" in event.', fix: `Add "name:" (the event's name).` },
      {
        at: "2:3",
        message: 'Unknown field "nmae" in event.',
        fix: 'Did you mean "name"? Known fields here: name, year.',
      },
    ]);
  });

  it("lists the known fields when an unknown one is like none of them", () => {
    expect(problems("event:\n  name: Conf\n  zzzzzzzz: 1\n")).toEqual([
      {
        at: "3:3",
        message: 'Unknown field "zzzzzzzz" in event.',
        fix: "Remove it, or use one of the known fields: name, year.",
      },
    ]);
  });

  it("reads an empty file as no fields, and points a missing top-level field at the start", () => {
    expect(problems("")).toEqual([{ at: "1:1", message: 'Missing field "event".', fix: 'Add "event:".' }]);
  });

  it("says a required text is empty, quoting the field's description", () => {
    expect(problems("event:\n  name: ''\n")).toEqual([
      {
        at: "2:9",
        message: '"name" in event is empty.',
        fix: "Fill it in (the event's name), or remove the line if the field is optional.",
      },
    ]);
  });

  it("says which type was expected and which was found, with an example", () => {
    expect(problems("event:\n  name: Conf\n  year: '2027'\n")).toEqual([
      {
        at: "3:9",
        message: '"year" in event should be a number, not the text "2027".',
        fix: "Write a number such as 30 (the year).",
      },
    ]);
    expect(problems("event: [Conf]\n")).toEqual([
      {
        at: "1:8",
        message: '"event" should be a group of fields, not a list.',
        fix: "Write the nested fields, indented by two spaces.",
      },
    ]);
  });

  it("explains a bad email address, web address and value outside the allowed ones, every one at once", () => {
    expect(problems("event:\n  name: Conf\ncontact: nope\nwebsite: ftp//x\nmode: email\n")).toEqual([
      {
        at: "3:10",
        message: '"contact" is "nope", which is not an email address.',
        fix: "Write it as an email address (where to write).",
      },
      {
        at: "4:10",
        message: '"website" is "ftp//x", which is not a web address.',
        fix: "Write the full address, starting with https://.",
      },
      {
        at: "5:7",
        message: '"mode" is "email", which is not one of the allowed values.',
        fix: 'Use one of: "direct", "hook".',
      },
    ]);
  });

  it("names a list entry by its number and its id or name, so it can be found in a long file", () => {
    const found = problems(
      "event:\n  name: Conf\nresponders:\n  - id: ada\n    languages: []\n  - id: mei\n    age: 3\n  - name: Tomás\n    title: Dr\n",
    );
    expect(found).toEqual([
      {
        at: "5:16",
        message: '"languages" in responders[1] (ada) is an empty list.',
        fix: "Fill it in, or remove the line if the field is optional.",
      },
      {
        at: "7:10",
        message: '"age" in responders[2] (mei): Too small: expected number to be >=18.',
        fix: "See the organiser guide for the fields this file takes.",
      },
      { at: "8:5", message: 'Missing field "id" in responders[3] (Tomás).', fix: 'Add "id:".' },
      {
        at: "8:5",
        message: 'Unknown field "name" in responders[3] (Tomás).',
        // (it suggests "age": two edits away, which the rule allows for any name)
        fix: expect.stringContaining("Known fields here: id, languages, age."),
      },
      {
        at: "9:5",
        message: 'Unknown field "title" in responders[3] (Tomás).',
        fix: "Remove it, or use one of the known fields: id, languages, age.",
      },
    ]);
  });

  it("sees through a group that may be left empty (nullable) to list its fields and quote its description", () => {
    const nullable = z.strictObject({
      form: z.strictObject({ id: z.string().describe("the form's id") }).nullable(),
    });
    expect(problems("form:\n  idd: x\n", nullable)).toEqual([
      { at: "2:3", message: 'Missing field "id" in form.', fix: `Add "id:" (the form's id).` },
      {
        at: "2:3",
        message: 'Unknown field "idd" in form.',
        fix: 'Did you mean "id"? Known fields here: id.',
      },
    ]);
  });

  it("speaks of the whole file when a rule about it fails", () => {
    const whole = z
      .strictObject({ a: z.number().optional() })
      .refine(() => false, "a rule about the file failed");
    expect(problems("a: 1\n", whole)).toEqual([
      {
        at: "1:1",
        message: '"this file": a rule about the file failed.',
        fix: "See the organiser guide for the fields this file takes.",
      },
    ]);
  });

  it("gives the fix a refinement names in its params, else what the field is for", () => {
    const withFix = z.strictObject({
      endpoint: z
        .string()
        .describe("where the form posts")
        .refine(() => false, { message: "not reachable", params: { fix: "Use https://." } }),
    });
    expect(problems("endpoint: x\n", withFix)).toEqual([
      { at: "1:11", message: '"endpoint": not reachable.', fix: "Use https://." },
    ]);
    const withoutFix = z.strictObject({
      endpoint: z
        .string()
        .describe("where the form posts")
        .refine(() => false, { message: "not reachable", params: { fix: 3 } }),
    });
    expect(problems("endpoint: x\n", withoutFix)).toEqual([
      { at: "1:11", message: '"endpoint": not reachable.', fix: "Expected (where the form posts)." },
    ]);
  });

  it("describes a hostile or huge value without choking on it", () => {
    const long = "x".repeat(100_000);
    const [problem] = problems(`event:\n  name: Conf\nmode: "${long}"\n`);
    expect(problem?.message).toContain(long);
    expect(problems('event:\n  name: Conf\n  "__proto__": 1\n')).toMatchObject([
      { message: 'Unknown field "__proto__" in event.' },
    ]);
  });
});

describe("closest", () => {
  it("finds the known name a typo was meant to be, ignoring case", () => {
    expect(closest("nmae", ["name", "year"])).toBe("name");
    expect(closest("Fingreprint", ["fingerprint", "key"])).toBe("fingerprint");
    expect(closest("EMAIL", ["email"])).toBe("email");
  });

  it("suggests nothing when no name is close, or there are none", () => {
    expect(closest("zzzzzzzz", ["name", "year"])).toBeUndefined();
    expect(closest("name", [])).toBeUndefined();
  });

  it("allows more mistakes in a longer name: two, or a third of its length", () => {
    expect(closest("ab", ["xy"])).toBe("xy");
    expect(closest("abc", ["xyz"])).toBeUndefined();
    expect(closest("receives_reportz__", ["receives_reports"])).toBe("receives_reports");
  });
});
