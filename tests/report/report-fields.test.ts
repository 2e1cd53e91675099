import { describe, expect, it } from "vitest";
import { validateWithSchema } from "../../src/check/schema-diagnostics.ts";
import { parseYamlSource } from "../../src/check/yaml-source.ts";
import { reportSchema } from "../../src/report/report-fields.ts";

const ongoing = {
  id: "ongoing",
  label: "Is it still happening?",
  summary: "Whether it is still happening.",
  type: "choice",
  options: ["Yes", "No"],
};

describe("report.yaml's fields", () => {
  it("issue 14: takes urgent_option, the option (counted from 1) that means it is still happening", () => {
    const parsed = reportSchema.safeParse({ fields: [{ ...ongoing, urgent_option: 1 }] });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.fields[0]?.urgent_option).toBe(1);
  });

  it("issue 14: refuses an urgent_option past the last option, or below 1, and says how to count", () => {
    const past = reportSchema.safeParse({ fields: [{ ...ongoing, urgent_option: 3 }] });
    expect(past.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["fields.0.urgent_option", "urgent_option is 3, but the field has 2 options; count them from 1"],
    ]);
    expect(reportSchema.safeParse({ fields: [{ ...ongoing, urgent_option: 0 }] }).success).toBe(false);
  });

  it('issue 14: says how to fix each mistake its own checks find, not "Expected (…)"', () => {
    const text = [
      "fields:",
      "  - { id: ongoing, label: Ongoing?, summary: Whether, type: choice, urgent_option: 2 }",
      "  - { id: when, label: When?, summary: When, options: [Today, Earlier] }",
      "  - { id: when, label: Again?, summary: Again, contact: true }",
      "  - { id: who, label: Who?, summary: Who, contact: true }",
      "",
    ].join("\n");
    const source = parseYamlSource("_data/report.yaml", text).source;
    if (!source) throw new Error("report.yaml does not parse");
    const fixes = validateWithSchema(source, reportSchema).diagnostics.map((d) => d.fix);
    expect(fixes).toHaveLength(5);
    for (const fix of fixes) expect(fix).not.toMatch(/^Expected/);
    expect(fixes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Add `options: \["Yes", "No"\]`/),
        expect.stringMatching(/^Write the number of the option/),
        "Add `type: choice` to this question, or remove its `options:`.",
        expect.stringMatching(/^Give each question an id of its own/),
        expect.stringMatching(/^Keep `contact: true` on the one question/),
      ]),
    );
  });
});
