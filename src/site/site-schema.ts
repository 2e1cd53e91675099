import { z } from "zod";
import type { Problem } from "../check/diagnostic.ts";
import { HEX_COLOUR } from "./colour-contrast.ts";
import { formEndpointProblem, formIdProblem } from "./form-address.ts";
import { phoneNumberProblem } from "./phone-number.ts";

const text = z.string().trim().min(1);

/**
 * A web page's address. z.url() alone takes javascript:, data: or mailto:, which are no web page: as a
 * link on every page a javascript: address would run when a reader follows it.
 */
const webAddress = () => z.url({ protocol: /^https?$/ });

const colour = z.string().regex(HEX_COLOUR, "a colour written as #rrggbb");

/** A refinement from a function that says what is wrong with a value (and its fix), or null. */
function refineWith(problemOf: (value: string) => Problem | null) {
  return (value: string, ctx: z.RefinementCtx<string>) => {
    const problem = problemOf(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { fix: problem.fix } });
  };
}

/** A phone number as people dial it: its link (`tel:`) dials exactly what it shows (src/site/phone-number.ts). */
export const dialableNumber = () => text.superRefine(refineWith(phoneNumberProblem));

/** A form's id at its endpoint (site.yaml `form.id`, a responder's `inbox`), as the form posts to `/f/<id>`. */
export const formId = () => text.superRefine(refineWith(formIdProblem));

const phoneNumber = z.strictObject({
  label: text.describe('who answers, e.g. "Emergency (police, fire, ambulance)"'),
  number: dialableNumber().describe('the number as people dial it, e.g. "999" or "+44 7700 900123"'),
  note: text.optional().describe('one short line, e.g. "free from any phone, 24 hours"'),
});

/** The schema of `content/_data/site.yaml`: the event and everything the pages say about reaching help. */
export const siteSchema = z.strictObject({
  demo: z
    .boolean()
    .default(false)
    .describe("true only for a demo site: allows the demo keys and shows a demo banner on every page"),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .default("en")
    .describe(
      'the language of the pages at the top of the content folder (translations are in <tag>/ folders), as a language tag such as "en" or "en-GB"',
    ),
  event: z.strictObject({
    name: text.describe("the event's name as attendees know it"),
    dates: text.optional().describe('when it takes place, e.g. "4–6 June 2027"'),
    place: text.optional().describe("the venue and city"),
    url: webAddress().optional().describe("the event's main website"),
    time_zone: z
      .string()
      .refine(isTimeZone, {
        message: "not a time zone name such as Europe/London",
        params: {
          fix: 'Write the time zone\'s name, such as "Europe/London" or "America/New_York", or remove the line.',
        },
      })
      .optional()
      .describe(
        "the event's time zone, e.g. \"Europe/London\": the responders' desk shows report times in it (default: the responder's computer's)",
      ),
  }),
  emergency: z.array(phoneNumber).min(1).describe("emergency and crisis numbers, most urgent first"),
  on_site: z
    .strictObject({
      staff: text.describe('how to recognise staff, e.g. "yellow lanyards marked STAFF"'),
      where: text.optional().describe('where to find a responder, e.g. "the welcome desk in the foyer"'),
      phone: phoneNumber.optional().describe("a phone the responder team answers during the event"),
    })
    .optional()
    .describe(
      "how to report in person during the event; leave it out for a community that meets only online",
    ),
  alias: z
    .strictObject({
      email: z.email().describe("the shared reporting address"),
    })
    .describe("the shared address that reaches the responders who monitor it"),
  channels: z
    .array(
      z.strictObject({
        label: text.describe('what the channel is, e.g. "A direct message to our Mastodon account"'),
        url: webAddress().describe("a link to it"),
        note: text.optional().describe("who reads it, or when"),
      }),
    )
    .default([])
    .describe("other online ways to reach the team, such as a social account"),
  independent_contacts: z
    .array(
      z
        .strictObject({
          name: text.describe('who they are, e.g. "The Python Software Foundation\'s conduct team"'),
          role: text.describe('why they are independent, e.g. "not part of this event\'s team"'),
          email: z.email().optional().describe("an address that reaches them"),
          phone: dialableNumber().optional().describe("a number that reaches them"),
          url: webAddress().optional().describe("a page or form that reaches them"),
        })
        .refine((contact) => contact.email || contact.phone || contact.url, {
          message: "a contact needs an email, a phone or a url, so a reporter can reach them",
          path: ["email"],
          params: { fix: "Add at least one of email:, phone: or url: to this contact." },
        }),
    )
    .default([])
    .describe(
      "people outside the responder team to contact when a report is about someone on it (a conflict of interest)",
    ),
  follow_up: text.describe('the follow-up promise, completing "We will reply …", e.g. "within one week"'),
  form: z
    .strictObject({
      endpoint: webAddress()
        .superRefine(refineWith(formEndpointProblem))
        .default("https://formspree.io")
        .describe("where the encrypted form posts"),
      id: formId().describe("the form's id at the endpoint (Formspree's form id)"),
    })
    .optional()
    .describe("the encrypted report form's inbox"),
  recipients: z
    .enum(["visible", "hidden"])
    .default("visible")
    .describe(
      'how reports name their readers: "visible" (key ids in the message, which every mail client needs) or "hidden" (no ids, and every report the same shape whoever was chosen; only gpg, sq and Confide read these)',
    ),
  keys: z
    .strictObject({
      expiry_warning_days: z
        .number()
        .int()
        .min(0)
        .default(30)
        .describe("warn when a responder's key expires within this many days"),
    })
    .default({ expiry_warning_days: 30 })
    .describe("settings for checking responders' keys"),
  quick_exit: webAddress()
    .default("https://www.bbc.co.uk/weather")
    .describe('where the "leave this site quickly" control goes: a neutral page that raises no questions'),
  logo: text
    .optional()
    .describe(
      "an image of the event's logo, as a path inside the content folder, e.g. \"images/logo.svg\" (SVG, PNG, WebP or JPEG, at most 50 KB); shown before the event's name at the top of every page",
    ),
  accent: z
    .union([colour, z.strictObject({ light: colour, dark: colour })])
    .optional()
    .describe(
      'the event\'s colour for the header and the main buttons, as "#rrggbb", or { light: "#rrggbb", dark: "#rrggbb" } for light and dark mode; confide check makes sure it stands out from the page (3:1)',
    ),
  favicon: text
    .optional()
    .describe(
      'the small icon browsers show in the tab, as a path inside the content folder, e.g. "images/icon.svg" (SVG, PNG or ICO, at most 50 KB); without it the site gets a plain one in the accent colour',
    ),
  attribution: text.optional().describe("credit for text adapted from elsewhere, in markdown"),
  desk: z
    .strictObject({
      follow_up_days: z
        .number()
        .int()
        .min(1)
        .max(365)
        .optional()
        .describe(
          'the follow-up promise in days, when follow_up is not written as "within N days/weeks" in English',
        ),
      retention_days: z
        .number()
        .int()
        .min(1)
        .default(365)
        .describe("how many days after a case is closed the desk offers to delete it"),
      transparency_threshold: z
        .number()
        .int()
        .min(1)
        .default(3)
        .describe("the transparency report shows no count below this (small counts could identify someone)"),
    })
    .default({ retention_days: 365, transparency_threshold: 3 })
    .describe("settings for the responders' desk (npx confide desk)"),
});

/** True when the runtime knows the IANA time zone (Intl refuses unknown names). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export type Site = z.output<typeof siteSchema>;
export type PhoneNumber = z.output<typeof phoneNumber>;
