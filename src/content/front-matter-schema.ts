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
    .refine((address) => !address.split("/").some((part) => part === "." || part === ".."), {
      message:
        'an address cannot have "." or ".." in it: the page would be published somewhere else than it says',
      params: { fix: "Write the address from the site's root, e.g. `permalink: /help/faq/`." },
    })
    // Without a slash at the end or an extension, the page is written as a file with no type, which
    // hosts serve as a download (Eleventy refuses it, in words that name no line).
    .refine((address) => address.endsWith("/") || /\.[A-Za-z0-9]+$/.test(address), {
      message:
        "an address without a slash at the end would be published as a file with no type, which browsers download",
      params: { fix: "End the address with a slash, e.g. `permalink: /faq/`." },
    })
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
