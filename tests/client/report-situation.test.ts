import { describe, expect, it } from "vitest";
import { reportSituation } from "../../src/client/report-situation.ts";
import type { FormField } from "../../src/report/report-fields.ts";

const fields: FormField[] = [
  { id: "contact", label: "How can we reach you?", type: "text", required: false, contact: true },
  {
    id: "ongoing",
    label: "Is it still happening?",
    type: "choice",
    options: ["Yes, it is still happening", "No", "I am not sure"],
    required: false,
    contact: false,
    urgent_option: 1,
  },
  { id: "what", label: "What happened?", type: "long_text", required: true, contact: false },
];

describe("what the receipt speaks to (issue 14)", () => {
  it("knows whether the reporter left contact details (blank space is no contact)", () => {
    expect(reportSituation({ fields, answers: { contact: "sam@example.org" } }).leftContact).toBe(true);
    expect(reportSituation({ fields, answers: { contact: "  \n" } }).leftContact).toBe(false);
    expect(reportSituation({ fields, answers: {} }).leftContact).toBe(false);
  });

  it("knows it is still happening only when the reporter chose the option report.yaml marks", () => {
    const said = (ongoing: string) => reportSituation({ fields, answers: { ongoing } }).stillHappening;
    expect(said("Yes, it is still happening")).toBe(true);
    expect(said("No")).toBe(false);
    expect(said("I am not sure")).toBe(false);
    expect(said("")).toBe(false);
  });

  it("never calls it urgent when no question has an urgent option, whatever was answered", () => {
    const plain = fields.map(({ urgent_option: _, ...field }) => field);
    expect(
      reportSituation({ fields: plain, answers: { ongoing: "Yes, it is still happening" } }).stillHappening,
    ).toBe(false);
  });

  it("reads a translated option by its place, not its words", () => {
    const arabic = fields.map((field) =>
      field.id === "ongoing" ? { ...field, options: ["نعم، ما زال يحدث", "لا", "لا أعرف"] } : field,
    );
    expect(reportSituation({ fields: arabic, answers: { ongoing: "نعم، ما زال يحدث" } }).stillHappening).toBe(
      true,
    );
  });
});
