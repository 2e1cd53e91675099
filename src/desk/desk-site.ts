import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { formatDiagnostic, hasErrors, sortDiagnostics } from "../check/diagnostic.ts";
import { loadContent } from "../content/load-content.ts";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import { type FollowUpPeriod, followUpPeriod } from "./follow-up.ts";

/** What the desk needs from the site's content folder. */
export interface DeskSite {
  /** the content folder, resolved */
  dir: string;
  event: string;
  /** the event's IANA time zone, when site.yaml names one */
  timeZone: string | null;
  /** the site's languages, its own first (BCP 47 tags) */
  languages: string[];
  followUp: string;
  /** the follow-up period, or null when site.yaml's promise names none */
  period: FollowUpPeriod | null;
  retentionDays: number;
  transparencyThreshold: number;
  /** the site's own wording of each question, by id */
  labels: Record<string, string>;
  /** the id of the contact question, when there is one */
  contactField: string | null;
  /** every language's wording of the "still happening" answer (the first option of the `ongoing` question) */
  ongoingYes: string[];
  /** the responders who receive reports and have a key */
  team: Array<{ id: string; name: string; fingerprint: string; armoredPublicKey: string }>;
}

/**
 * Loads and validates the content folder and picks out what the desk uses.
 *
 * @param options.dir - the content folder
 * @param options.now - the moment keys must be usable at
 * @returns the settings, or the problems printed as `file:line:col: …` lines
 */
export async function loadDeskSite(options: {
  dir: string;
  now: Date;
}): Promise<{ kind: "site"; site: DeskSite } | { kind: "error"; message: string }> {
  rejectUnknownOptions("loadDeskSite", withoutKeys(options, ["dir", "now"]));
  const dir = resolve(options.dir);
  if (!existsSync(dir)) {
    return {
      kind: "error",
      message: `the content folder ${options.dir} does not exist: give the site's content folder with --content DIR.`,
    };
  }
  const { content, diagnostics } = await loadContent({ dir, now: options.now });
  if (!content || hasErrors(diagnostics)) {
    const lines = sortDiagnostics(diagnostics)
      .filter((d) => d.severity === "error")
      .map((d) => formatDiagnostic(d, options.dir));
    return {
      kind: "error",
      message: `${options.dir} has errors (run npx confide check --content ${options.dir}):\n${lines.join("\n")}`,
    };
  }
  const { site, report, responders, languages } = content;
  const ongoingYes = languages.flatMap((language) => {
    const field = language.report.fields.find((f) => f.id === "ongoing");
    return field?.options?.[0] ? [field.options[0]] : [];
  });
  return {
    kind: "site",
    site: {
      dir,
      event: site.event.name,
      timeZone: site.event.time_zone ?? null,
      languages: languages.map((language) => language.tag),
      followUp: site.follow_up,
      period: followUpPeriod({ followUp: site.follow_up, followUpDays: site.desk.follow_up_days }),
      retentionDays: site.desk.retention_days,
      transparencyThreshold: site.desk.transparency_threshold,
      labels: Object.fromEntries(report.fields.map((field) => [field.id, field.label])),
      contactField: report.fields.find((field) => field.contact)?.id ?? null,
      ongoingYes: [...new Set(ongoingYes)],
      team: responders.flatMap((r) =>
        r.receives_reports && r.publicKey
          ? [
              {
                id: r.id,
                name: r.name,
                fingerprint: r.publicKey.fingerprint,
                armoredPublicKey: r.publicKey.armoredPublicKey,
              },
            ]
          : [],
      ),
    },
  };
}
