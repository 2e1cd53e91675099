import type { Diagnostic } from "../check/diagnostic.ts";
import { formatDiagnostic, sortDiagnostics } from "../check/diagnostic.ts";
import { loadContent } from "../content/load-content.ts";
import { parseCommandArgs, parseDays } from "./args.ts";
import { buildTimeFromEnvironment } from "./build-instant.ts";

export { checkUsage } from "./check-usage.ts";

/**
 * `confide check`: validates a content folder and prints every problem at once.
 *
 * @returns the process exit code
 */
export async function checkCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    content: { type: "string" },
    "expiring-within": { type: "string" },
    strict: { type: "boolean" },
  });
  const dir = values.content ?? process.env.CONFIDE_CONTENT ?? "content";
  const warnDays = values["expiring-within"] === undefined ? undefined : parseDays(values["expiring-within"]);
  // The instant the build will check keys at: SOURCE_DATE_EPOCH when set (issue 14: check passed keys
  // that a build at an earlier SOURCE_DATE_EPOCH refused as not yet valid).
  const builtAt = buildTimeFromEnvironment();
  const loaded = await loadContent({
    dir,
    now: builtAt,
    ...(warnDays === undefined ? {} : { warnDays }),
  });
  const { content } = loaded;
  // Valid data and pages: render every page as the build would, for the mistakes only rendering shows,
  // and what the build or the host would refuse (issue 11: a `_headers` file beyond Cloudflare's limits).
  let rendered: Diagnostic[] = [];
  let refusal: string | null = null;
  try {
    if (content) {
      // Loaded only for valid content: rendering brings Eleventy (about half a second), which a typo in
      // the command line or content with errors in its data does not need.
      const { renderCheck } = await import("../check/render-check.ts");
      rendered = (await renderCheck({ contentDir: dir, builtAt })).diagnostics;
    }
  } catch (error) {
    refusal = (error as Error).message;
  }
  const diagnostics = [...loaded.diagnostics, ...rendered];

  for (const diagnostic of sortDiagnostics(diagnostics)) console.log(formatDiagnostic(diagnostic, dir));
  if (refusal) console.log(`${dir}: error: ${refusal}`);
  const contentErrors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - contentErrors;
  const errors = contentErrors + (refusal ? 1 : 0);
  const failed = errors > 0 || !content || (values.strict === true && warnings > 0);
  console.log(
    failed
      ? `${dir}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}. Fix the errors above; nothing can be published until then.`
      : `${dir}: ready to publish (${content?.responders.length} responders, ${content?.responders.filter((r) => r.receives_reports).length} receive reports${warnings ? `; ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}).${content?.site.demo ? " This is a demo site: it shows a demo banner and accepts the demo keys." : ""}`,
  );
  return failed ? 1 : 0;
}
