import { buildSite } from "../build/build-site.ts";
import { buildTime } from "../build/build-time.ts";
import { isContentError } from "../check/diagnostic.ts";
import { parseCommandArgs } from "./args.ts";

export const buildUsage = `confide build [--content DIR] [--out DIR]

Builds the content folder into a static site (npm run build runs this). Every problem in the content
and every template error is printed as file:line:col with how to fix it, as confide check prints it;
nothing is written then.

  --content DIR    the content folder (default: $CONFIDE_CONTENT or content)
  --out DIR        where to write the site (default: $CONFIDE_OUT or _site)

CONFIDE_FORM_ENDPOINT=same-origin points the report form at the site's own origin (hook mode), and
SOURCE_DATE_EPOCH fixes the build's instant, so that confide verify can rebuild the same bytes.`;

/**
 * `confide build`: the build, with Confide's diagnostics instead of a stack trace.
 *
 * @returns the exit code
 */
export async function buildCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { content: { type: "string" }, out: { type: "string" } });
  try {
    await buildSite({
      contentDir: values.content ?? process.env.CONFIDE_CONTENT ?? "content",
      outDir: values.out ?? process.env.CONFIDE_OUT ?? "_site",
      ...(process.env.CONFIDE_FORM_ENDPOINT ? { formEndpoint: process.env.CONFIDE_FORM_ENDPOINT } : {}),
      // One instant for the whole build; SOURCE_DATE_EPOCH sets it, so `confide verify` can rebuild a site exactly.
      builtAt: buildTime(process.env.SOURCE_DATE_EPOCH),
      silent: false,
    });
    return 0;
  } catch (error) {
    if (!isContentError(error)) throw error;
    console.error(`\n${error.message} Run "npx confide check" after each fix.`);
    return 1;
  }
}
