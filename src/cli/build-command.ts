import { isContentError } from "../check/diagnostic.ts";
import { parseCommandArgs } from "./args.ts";
import { buildTimeFromEnvironment } from "./build-instant.ts";

export { buildUsage } from "./build-usage.ts";

/**
 * `confide build`: the build, with Confide's diagnostics instead of a stack trace.
 *
 * @returns the exit code
 */
export async function buildCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { content: { type: "string" }, out: { type: "string" } });
  // Loaded after the command line is read: the build brings Eleventy, which a typo need not wait for.
  const { buildSite } = await import("../build/build-site.ts");
  try {
    await buildSite({
      contentDir: values.content ?? process.env.CONFIDE_CONTENT ?? "content",
      outDir: values.out ?? process.env.CONFIDE_OUT ?? "_site",
      ...(process.env.CONFIDE_FORM_ENDPOINT ? { formEndpoint: process.env.CONFIDE_FORM_ENDPOINT } : {}),
      // SOURCE_DATE_EPOCH fixes the build's instant (the usage above says so), as .eleventy.ts reads it.
      builtAt: buildTimeFromEnvironment(),
      silent: false,
    });
    return 0;
  } catch (error) {
    if (!isContentError(error)) throw error;
    console.error(`\n${error.message} Run "npx confide check" after each fix.`);
    return 1;
  }
}
