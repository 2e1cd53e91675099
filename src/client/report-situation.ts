import type { FormField } from "../report/report-fields.ts";

/** What the reporter did that the receipt speaks to. */
export interface ReportSituation {
  /** They filled in the contact question, so the responders can reply. */
  leftContact: boolean;
  /** They chose the option report.yaml marks as "it is still happening" (`urgent_option`). */
  stillHappening: boolean;
}

/**
 * Reads the reporter's situation from their answers, so the receipt says what applies to them instead
 * of "if you left contact details…". Pure: the form and the tests call it.
 *
 * @param options.fields - the form's questions (report.yaml)
 * @param options.answers - the answers by question id; a choice holds the chosen option's text
 */
export function reportSituation(options: {
  fields: readonly FormField[];
  answers: Readonly<Record<string, string>>;
}): ReportSituation {
  const { fields, answers } = options;
  const answer = (field: FormField) => (answers[field.id] ?? "").trim();
  return {
    leftContact: fields.some((field) => field.contact && answer(field) !== ""),
    stillHappening: fields.some(
      (field) =>
        field.urgent_option !== undefined &&
        answer(field) !== "" &&
        answer(field) === field.options?.[field.urgent_option - 1],
    ),
  };
}
