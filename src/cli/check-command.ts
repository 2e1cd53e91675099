import { renderSite } from "../build/build-site.ts";
import { formatDiagnostic, isContentError, sortDiagnostics } from "../check/diagnostic.ts";
import { loadContent } from "../content/load-content.ts";
import { parseCommandArgs, parseDays } from "./args.ts";

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
  const { content, diagnostics } = await loadContent({
    dir,
    ...(warnDays === undefined ? {} : { warnDays }),
  });

  for (const diagnostic of sortDiagnostics(diagnostics)) console.log(formatDiagnostic(diagnostic, dir));
  // The site as the build makes it, in memory: what the build or the host would refuse is refused here.
  const refusal =
    content && !diagnostics.some((d) => d.severity === "error") ? await buildRefusal(dir) : null;
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

/** Why building the content would fail, beyond the content's own problems (already printed), or null. */
async function buildRefusal(dir: string): Promise<string | null> {
  try {
    await renderSite({ contentDir: dir, silent: true });
    return null;
  } catch (error) {
    return isContentError(error) ? null : (error as Error).message;
  }
}
