import type { Diagnostic, Position } from "../check/diagnostic.ts";
import type { YamlSource } from "../check/yaml-source-types.ts";
import type { Site } from "../site/site-schema.ts";
import type { Roster } from "./roster-schema.ts";

/** Who can open a report with hidden recipients (`recipients: hidden`), and who cannot: one list for check and the docs. */
export const HIDDEN_RECIPIENT_READERS = "gpg, sq (Sequoia) and `confide decrypt`";
export const HIDDEN_RECIPIENT_NON_READERS =
  "Thunderbird (its OpenPGP engine, rnp, never tries hidden recipients), Mailvelope, K-9 Mail / Thunderbird for Android with OpenKeychain, and other clients that find their key by its id";

/**
 * The checks of how reports reach the responders (issue 16): personal inboxes distinct from each other
 * and from the team inbox; a warning when fewer than two receiving responders have one (then a reporter
 * with a conflict of interest cannot leave anyone out); and, for `recipients: hidden`, which clients
 * cannot read such reports.
 *
 * @param options.roster - the roster, valid against its schema
 * @param options.rosterSource - roster.yaml, to point at lines
 * @param options.site - the site settings, valid against their schema
 * @param options.siteSource - site.yaml, to point at lines
 */
export function deliveryDiagnostics(options: {
  roster: Roster;
  rosterSource: YamlSource;
  site: Site;
  siteSource: YamlSource;
}): Diagnostic[] {
  const { roster, rosterSource, site, siteSource } = options;
  const diagnostics: Diagnostic[] = [];
  const report = (
    source: YamlSource,
    position: Position,
    severity: Diagnostic["severity"],
    message: string,
    fix: string,
  ) => diagnostics.push({ file: source.file, ...position, severity, message, fix });

  const seen = new Map<string, number>();
  roster.responders.forEach((entry, index) => {
    if (!entry.inbox) return;
    const at = rosterSource.positionOf(["responders", index, "inbox"]);
    const first = seen.get(entry.inbox);
    if (first !== undefined)
      report(
        rosterSource,
        at,
        "error",
        `The personal inbox ${entry.inbox} is also ${roster.responders[first]?.name}'s (line ${rosterSource.positionOf(["responders", first, "inbox"]).line}).`,
        "Each responder needs a Formspree form of their own, that only they read: a shared one would show a report to someone the reporter left out.",
      );
    else seen.set(entry.inbox, index);
    if (site.form && entry.inbox === site.form.id)
      report(
        rosterSource,
        at,
        "error",
        `${entry.name}'s personal inbox is the team inbox (form.id in site.yaml).`,
        "Create a separate Formspree form that only this responder reads, and put its id here.",
      );
  });

  const receiving = roster.responders.filter((entry) => entry.receives_reports);
  const withInbox = receiving.filter((entry) => entry.inbox);
  if (site.form && receiving.length >= 2 && withInbox.length < 2)
    report(
      rosterSource,
      rosterSource.positionOf(["responders"], { key: true }),
      "warning",
      `${withInbox.length === 0 ? "No" : "Only one"} responder who receives reports has a personal inbox, so a reporter with a conflict of interest cannot leave anyone out: a report that leaves someone out goes only to personal inboxes.`,
      'Give each responder who receives reports their own Formspree form and write its id as `inbox:` in their roster entry (docs/deploy.md, "Personal inboxes").',
    );

  if (site.recipients === "hidden")
    report(
      siteSource,
      siteSource.positionOf(["recipients"]),
      "warning",
      `recipients: hidden makes reports that only ${HIDDEN_RECIPIENT_READERS} can open; ${HIDDEN_RECIPIENT_NON_READERS} cannot.`,
      "Use it only if every responder reads reports with gpg, sq or confide decrypt; otherwise remove the line (visible recipients are the default).",
    );
  return diagnostics;
}
