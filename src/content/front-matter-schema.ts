import { z } from "zod";

const text = z.string().trim().min(1);

/**
 * The schema of a page's front matter (the lines between `---` at the top of a markdown page). A
 * misspelt key would otherwise be ignored without a word: `titel:` built a page with no heading.
 */
export const frontMatterSchema = z.strictObject({
  title: text.describe("the page's heading, also the first part of the browser tab's title"),
  description: text
    .optional()
    .describe("one sentence about the page, shown by search engines and link previews"),
  permalink: text
    .regex(/^\//, "an address starts with /")
    .optional()
    .describe('the page\'s address, starting with "/", e.g. /conduct/ (default: from the file name)'),
  nav: z
    .strictObject({
      label: text.describe('the menu text, e.g. "Code of conduct"'),
      order: z.number().describe("its place in the main menu, a number (1 comes first)"),
    })
    .optional()
    .describe("puts the page in the main menu: `label:` and `order:` indented under it"),
  footer: text.optional().describe("puts the page in the footer's links, with this text"),
});

export type FrontMatter = z.output<typeof frontMatterSchema>;
