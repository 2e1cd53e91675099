import { z } from "zod";

const text = z.string().trim().min(1);

const reportField = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .describe('a short name for the field, lowercase letters, digits and "_", e.g. "when"'),
    label: text.describe("the question the form asks"),
    summary: text.describe('the line in the procedure\'s "what to include" list'),
    hint: text.optional().describe("one line of help under the question"),
    type: z
      .enum(["text", "long_text", "choice"])
      .default("text")
      .describe("text (one line), long_text (a paragraph or more) or choice (pick one option)"),
    options: z.array(text).min(2).optional().describe("the answers to choose from (choice fields only)"),
    required: z.boolean().default(false).describe("true if a report cannot be sent without it"),
    contact: z
      .boolean()
      .default(false)
      .describe("true for the reporter's contact details: left empty, the report is anonymous"),
    urgent_option: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'for a choice field such as "Is it still happening?": the number of the option (1 for the first) that means it is; the form\'s receipt then tells the reporter first how to get help now',
      ),
  })
  .superRefine((field, ctx) => {
    if (field.type === "choice" && !field.options) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "a choice field needs options",
        params: {
          fix: 'Add `options: ["Yes", "No"]` with the answers to choose from (two or more), or change `type:` to text.',
        },
      });
    }
    if (field.urgent_option !== undefined && field.urgent_option > (field.options?.length ?? 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["urgent_option"],
        message: `urgent_option is ${field.urgent_option}, but the field has ${field.options?.length ?? 0} options; count them from 1`,
        params: {
          fix: "Write the number of the option that means it is still happening (1 for the first), or remove urgent_option.",
        },
      });
    }
    if (field.type !== "choice" && field.options) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: 'only fields of type "choice" take options',
        params: { fix: "Add `type: choice` to this question, or remove its `options:`." },
      });
    }
  });

/**
 * The schema of `content/_data/report.yaml`: the report's fields, in order. The one list that both the
 * procedure page ("what to include") and the report form are made from.
 */
export const reportSchema = z
  .strictObject({
    fields: z.array(reportField).min(1).describe("the report's fields, in the order the form asks them"),
  })
  .superRefine((report, ctx) => {
    const seen = new Map<string, number>();
    report.fields.forEach((field, index) => {
      if (seen.has(field.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["fields", index, "id"],
          message: `the id "${field.id}" is already used by field ${(seen.get(field.id) ?? 0) + 1}; ids must be unique`,
          params: {
            fix: "Give each question an id of its own: it names the question's heading in every report.",
          },
        });
      }
      seen.set(field.id, index);
    });
    if (report.fields.filter((field) => field.contact).length > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["fields"],
        message: "only one field can be the contact field",
        params: {
          fix: "Keep `contact: true` on the one question that asks how to reach the reporter, and remove it from the others.",
        },
      });
    }
  });

export type Report = z.output<typeof reportSchema>;
export type ReportField = Report["fields"][number];

/** A field as the report form asks it: everything but the procedure's summary line. */
export type FormField = Omit<ReportField, "summary">;
