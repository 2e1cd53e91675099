import { formatDiagnostic, sortDiagnostics } from "../check/diagnostic.ts";
import { renderCheck } from "../check/render-check.ts";
import { loadContent } from "../content/load-content.ts";
import { parseCommandArgs, parseDays } from "./args.ts";

export const checkUsage = `confide check [--content DIR] [--expiring-within 30d] [--strict]

Checks the site settings, the roster, every responder's key and every page, then renders every page
as the build would (writing nothing), and prints each problem as file:line:col with how to fix it.
Exit code 0 when the content can be published, 1 when not.

  --content DIR          the content folder (default: $CONFIDE_CONTENT or content)
  --expiring-within N    warn about keys that stop working within N days (e.g. 30d, 4w);
                         default: keys.expiry_warning_days in site.yaml
  --strict               treat warnings as errors (for a scheduled CI job)`;

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
  const loaded = await loadContent({
    dir,
    ...(warnDays === undefined ? {} : { warnDays }),
  });
  const { content } = loaded;
  // Valid data and pages: render every page as the build would, for the mistakes only rendering shows.
  const rendered = content ? (await renderCheck({ contentDir: dir })).diagnostics : [];
  const diagnostics = [...loaded.diagnostics, ...rendered];

  for (const diagnostic of sortDiagnostics(diagnostics)) console.log(formatDiagnostic(diagnostic, dir));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const failed = errors > 0 || !content || (values.strict === true && warnings > 0);
  console.log(
    failed
      ? `${dir}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}. Fix the errors above; nothing can be published until then.`
      : `${dir}: ready to publish (${content?.responders.length} responders, ${content?.responders.filter((r) => r.receives_reports).length} receive reports${warnings ? `; ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}).${content?.site.demo ? " This is a demo site: it shows a demo banner and accepts the demo keys." : ""}`,
  );
  return failed ? 1 : 0;
}
