import { z } from "zod";
import { dialableNumber, formId } from "../site/site-schema.ts";

const text = z.string().trim().min(1);

const responder = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .describe('a short lowercase name used in addresses, e.g. "ada" (letters, digits and "-")'),
    name: text.describe("the responder's name as attendees know it"),
    role: text.describe('what they do, e.g. "Lead responder"'),
    pronouns: text.optional().describe('e.g. "she/her"'),
    about: text.optional().describe("one or two sentences that help a reporter decide whom to trust"),
    email: z.email().optional().describe("an address for direct contact"),
    phone: dialableNumber().optional().describe("a number for direct contact during the event"),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/))
      .default([])
      .describe("languages they can take a report in, as tags such as [en, cy]"),
    photo: text
      .optional()
      .describe(
        "a photo of them, relative to the content folder, e.g. photos/ada.jpg (published on their page, made small and square at build time)",
      ),
    key: text.optional().describe("their public key file, relative to the content folder, e.g. keys/ada.asc"),
    fingerprint: text
      .optional()
      .describe("their key's fingerprint, 40 characters, as `gpg --fingerprint` shows it (spaces are fine)"),
    receives_reports: z.boolean().describe("true if form reports are encrypted to them"),
    monitors_alias: z.boolean().default(false).describe("true if they read the shared reporting address"),
    inbox: formId()
      .optional()
      .describe(
        "their personal inbox: the id of a Formspree form only they read (the last part of https://formspree.io/f/<id>); needed to receive a report that leaves someone out",
      ),
  })
  .superRefine((entry, ctx) => {
    if (entry.receives_reports && !entry.key) {
      ctx.addIssue({
        code: "custom",
        path: ["key"],
        message: "a responder who receives reports needs a public key",
        params: {
          fix: `Save their public key as keys/${entry.id}.asc (they export it with \`gpg --armor --export EMAIL\`) and add \`key: keys/${entry.id}.asc\` and its \`fingerprint:\`; or set \`receives_reports: false\` to list them without sending them reports.`,
        },
      });
    }
    if (entry.key && !entry.fingerprint) {
      ctx.addIssue({
        code: "custom",
        path: ["fingerprint"],
        message: "a key needs its fingerprint beside it, so a swapped key file is noticed",
        params: {
          fix: 'Add `fingerprint: "…"` with the 40 characters `gpg --fingerprint EMAIL` shows for this key (`confide check` prints it once the line is there), and confirm it with the responder in person or by phone.',
        },
      });
    }
    if (entry.inbox && !entry.receives_reports) {
      ctx.addIssue({
        code: "custom",
        path: ["inbox"],
        message: "only a responder who receives reports has a personal inbox",
        params: { fix: "Set `receives_reports: true`, or remove the `inbox:` line." },
      });
    }
  });

/** The schema of `content/_data/roster.yaml`: the people attendees can turn to, and their keys. */
export const rosterSchema = z.strictObject({
  responders: z.array(responder).min(1).describe("one entry per responder"),
});

export type RosterEntry = z.output<typeof responder>;
export type Roster = z.output<typeof rosterSchema>;
