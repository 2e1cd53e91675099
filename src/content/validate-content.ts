import { type Diagnostic, START } from "../check/diagnostic.ts";
import { validateWithSchema } from "../check/schema-diagnostics.ts";
import { parseYamlSource, type YamlSource } from "../check/yaml-source.ts";
import { type Report, reportSchema } from "../report/report-fields.ts";
import { rosterSchema } from "../roster/roster-schema.ts";
import { type ReadContentFile, type Responder, validateRoster } from "../roster/validate-roster.ts";
import { procedureBlocks } from "../site/procedure-blocks.ts";
import { type Site, siteSchema } from "../site/site-schema.ts";
import { defaultPageUrl, urls } from "../site/urls.ts";
import { checkPage, type PageSource, readFrontMatter } from "./check-pages.ts";

/** Everything the site is built from, validated. */
export interface Content {
  site: Site;
  report: Report;
  responders: Responder[];
}

/** The data files every content folder has, relative to it. */
export const DATA_FILES = {
  site: "_data/site.yaml",
  roster: "_data/roster.yaml",
  report: "_data/report.yaml",
} as const;

/** The shortcodes pages may use: the blocks the build registers, the report form, and nothing else. */
export const SHORTCODES: ReadonlySet<string> = new Set([...Object.keys(procedureBlocks), "report_form"]);

/** Pages the generated parts of the site link to, so they must keep their addresses. */
const REQUIRED_PAGES: ReadonlyArray<readonly [url: string, file: string, why: string]> = [
  [urls.report, "report.md", "the menu of ways to report and the procedure's blocks"],
  [urls.responders, "responders.md", "every responder's page"],
];

const PLACEHOLDER_VALUE = /\b(TODO|TBD|FIXME|XXX)\b|lorem ipsum|changeme|REPLACE[_ ]?ME/i;

/**
 * Validates a whole content folder: the three data files, every key the roster names, and every page.
 * Pure apart from the reader it is given, so the CLI, the build and the tests share it.
 *
 * @param options.readFile - reads a file relative to the content folder (null when missing)
 * @param options.pages - the markdown pages, already read
 * @param options.now - the moment keys must be usable at
 * @param options.warnDays - overrides site.yaml's `keys.expiry_warning_days`
 * @returns the content when it has no errors (warnings allowed), and every diagnostic found
 */
export async function validateContent(options: {
  readFile: ReadContentFile;
  pages: readonly PageSource[];
  now: Date;
  warnDays?: number;
}): Promise<{ content: Content | null; diagnostics: Diagnostic[] }> {
  const { readFile, pages, now } = options;
  const diagnostics: Diagnostic[] = [];

  const load = async <T>(file: string, schema: Parameters<typeof validateWithSchema>[1], what: string) => {
    const text = await readFile(file);
    if (text === null) {
      diagnostics.push({
        file,
        ...START,
        severity: "error",
        message: `${file} is missing.`,
        fix: `Create it: copy the example's ${file} and edit it (${what}).`,
      });
      return null;
    }
    const parsed = parseYamlSource(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.source) return null;
    diagnostics.push(...placeholderDiagnostics(parsed.source));
    const { data, diagnostics: schemaProblems } = validateWithSchema(parsed.source, schema);
    diagnostics.push(...schemaProblems);
    return data ? { data: data as T, source: parsed.source } : null;
  };

  const site = await load<Site>(
    DATA_FILES.site,
    siteSchema,
    "the event, emergency numbers and ways to report",
  );
  const rosterFile = await load<{ responders: Responder[] }>(
    DATA_FILES.roster,
    rosterSchema,
    "the responders and their keys",
  );
  const report = await load<Report>(DATA_FILES.report, reportSchema, "the report's fields");

  let responders: Responder[] = [];
  if (site && rosterFile) {
    const checked = await validateRoster({
      roster: rosterFile.data,
      source: rosterFile.source,
      site: site.data,
      readFile,
      now,
      warnDays: options.warnDays ?? site.data.keys.expiry_warning_days,
    });
    responders = checked.responders;
    diagnostics.push(...checked.diagnostics);
  }

  if (site) {
    const knownUrls = new Set<string>([
      ...pages.map((page) => pageUrl(page)),
      urls.responders,
      urls.allKeys,
      urls.stylesheet,
      ...responders.flatMap((r) => [urls.responder(r.id), ...(r.publicKey ? [urls.key(r.id)] : [])]),
    ]);
    for (const page of pages) {
      diagnostics.push(...checkPage({ page, knownUrls, data: { site: site.data }, shortcodes: SHORTCODES }));
    }
    const pageUrls = new Set(pages.map((page) => pageUrl(page)));
    for (const [url, file, why] of REQUIRED_PAGES) {
      if (!pageUrls.has(url)) {
        diagnostics.push({
          file,
          ...START,
          severity: "error",
          message: `No page has the address ${url}, but ${why} link there.`,
          fix: `Keep \`permalink: ${url}\` in ${file}'s front matter, or create ${file}.`,
        });
      }
    }
  }

  const failed = !site || !rosterFile || !report || diagnostics.some((d) => d.severity === "error");
  return {
    content: failed ? null : { site: site.data, report: report.data, responders },
    diagnostics,
  };
}

/** The address a page will have: its front matter's permalink, or Eleventy's default. */
export function pageUrl(page: PageSource): string {
  const permalink = readFrontMatter(page).permalink;
  return typeof permalink === "string"
    ? `/${permalink.replace(/^\/+/, "").replace(/index\.html$/, "")}`
    : defaultPageUrl(page.file);
}

function placeholderDiagnostics(source: YamlSource): Diagnostic[] {
  return source
    .strings()
    .filter(({ value }) => PLACEHOLDER_VALUE.test(value))
    .map(({ path, value, position }) => ({
      file: source.file,
      ...position,
      severity: "error" as const,
      message: `"${String(path[path.length - 1])}" still holds the placeholder ${JSON.stringify(value)}.`,
      fix: "Replace it with the real value, or remove the entry until you have it.",
    }));
}
