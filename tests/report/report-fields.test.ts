import { describe, expect, it } from "vitest";
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
});
