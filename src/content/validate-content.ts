import { type Diagnostic, type Position, START } from "../check/diagnostic.ts";
import { htmlInDataDiagnostics } from "../check/html-in-data.ts";
import { validateWithSchema } from "../check/schema-diagnostics.ts";
import { parseYamlSource, type YamlSource } from "../check/yaml-source.ts";
import { directionOf, LANGUAGE_TAG, languageName } from "../i18n/languages.ts";
import { shippedUiSource } from "../i18n/shipped-ui-strings.ts";
import {
  borrowedWarning,
  type SiteLanguage,
  translateReport,
  translateRoster,
  translateSite,
  type UiFallback,
  validateUiStrings,
} from "../i18n/translations.ts";
import type { UiKey, UiStrings } from "../i18n/ui-strings.ts";
import { type Report, reportSchema } from "../report/report-fields.ts";
import { deliveryDiagnostics } from "../roster/delivery-diagnostics.ts";
import { checkPhotos, type ReadContentBytes } from "../roster/responder-photos.ts";
import { rosterSchema } from "../roster/roster-schema.ts";
import {
  keyFilePath,
  type ReadContentFile,
  type Responder,
  validateRoster,
} from "../roster/validate-roster.ts";
import { brandDiagnostics } from "../site/brand.ts";
import { procedureBlocks } from "../site/procedure-blocks.ts";
import { type Site, siteSchema } from "../site/site-schema.ts";
import { TRANSPARENCY_FILE, transparencyDiagnostics } from "../site/transparency-data.ts";
import { defaultPageUrl, languageUrls, urls } from "../site/urls.ts";
import { checkPage, findPlaceholder, type PageSource, readFrontMatter } from "./check-pages.ts";
import { generatedAddresses, pageAddressDiagnostics } from "./page-addresses.ts";
import { unpublishedPageDiagnostics } from "./page-files.ts";
import { privateKeyDiagnostic } from "./private-keys.ts";

/** Everything the site is built from, validated. */
export interface Content {
  /** site.yaml, in the site's own language. */
  site: Site;
  /** report.yaml, in the site's own language. */
  report: Report;
  /** The roster, in the site's own language. */
  responders: Responder[];
  /** The languages the site is published in: its own (site.yaml's `lang`) first, then each translation. */
  languages: SiteLanguage[];
  /** For each page's address, the same page in every language that has it (the page itself included). */
  pageLanguages: Readonly<Record<string, readonly PageVersion[]>>;
}

/** One language's version of a page. */
export interface PageVersion {
  /** The language's tag. */
  tag: string;
  url: string;
}

/** The data files every content folder has, relative to it; a translation has the same in `<lang>/`. */
export const DATA_FILES = {
  site: "_data/site.yaml",
  roster: "_data/roster.yaml",
  report: "_data/report.yaml",
  ui: "_data/ui.yaml",
} as const;

/** The shortcodes pages may use: the blocks the build registers, the report form, and nothing else. */
export const SHORTCODES: ReadonlySet<string> = new Set([
  ...Object.keys(procedureBlocks),
  "report_form",
  // src/eleventy/transparency.ts: the figures `confide desk` writes to _data/transparency.yaml.
  "transparency_report",
]);

/** Pages the generated parts of the site link to, in each language, so they must keep their addresses. */
function requiredPages(
  prefix: string,
  folder: string,
): ReadonlyArray<readonly [url: string, file: string, why: string]> {
  const at = languageUrls(prefix);
  return [
    [at.report, `${folder}report.md`, "the menu of ways to report and the procedure's blocks"],
    [at.responders, `${folder}responders.md`, "every responder's page"],
    ...(folder ? ([[at.home, `${folder}index.md`, "the language menu of every page"]] as const) : []),
  ];
}

/**
 * Validates a whole content folder: the data files, every key the roster names, each language's UI
 * strings and translations, and every page. Pure apart from the reader it is given, so the CLI, the
 * build and the tests share it.
 *
 * @param options.readFile - reads a file relative to the content folder (null when missing)
 * @param options.readBytes - reads a file as bytes (responders' photos); without it photos are not checked
 * @param options.pages - the markdown pages, already read
 * @param options.translations - the folders that hold a translation (a `_data/` folder), e.g. ["ar", "es"]
 * @param options.now - the moment keys must be usable at
 * @param options.warnDays - overrides site.yaml's `keys.expiry_warning_days`
 * @param options.files - every file of the content folder small enough to hold a key, searched for
 *   private keys (default: the pages only)
 * @returns the content when it has no errors (warnings allowed), and every diagnostic found
 */
export async function validateContent(options: {
  readFile: ReadContentFile;
  readBytes?: ReadContentBytes;
  pages: readonly PageSource[];
  translations?: readonly string[];
  now: Date;
  warnDays?: number;
  files?: readonly string[];
}): Promise<{ content: Content | null; diagnostics: Diagnostic[] }> {
  const { readFile, pages, now } = options;
  const diagnostics: Diagnostic[] = [];

  const readYaml = async (
    file: string,
    fix: string,
    missing: { severity: Diagnostic["severity"]; consequence: string } = {
      severity: "error",
      consequence: "",
    },
  ): Promise<YamlSource | null> => {
    const text = await readFile(file);
    if (text === null) {
      diagnostics.push({
        file,
        ...START,
        severity: missing.severity,
        message: `${file} is missing${missing.consequence}.`,
        fix,
      });
      return null;
    }
    const parsed = parseYamlSource(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.source)
      diagnostics.push(...placeholderDiagnostics(parsed.source), ...htmlInDataDiagnostics(parsed.source));
    return parsed.source;
  };
  const load = async <T>(file: string, schema: Parameters<typeof validateWithSchema>[1], what: string) => {
    const source = await readYaml(file, `Create it: copy the example's ${file} and edit it (${what}).`);
    if (!source) return null;
    const { data, diagnostics: schemaProblems } = validateWithSchema(source, schema);
    diagnostics.push(...schemaProblems);
    return data ? { data: data as T, source } : null;
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
  // The event's logo, accent colour and favicon (src/site/brand.ts).
  if (site) diagnostics.push(...(await brandDiagnostics({ site: site.data, source: site.source, readFile })));
  // The transparency figures `confide desk` writes (src/site/transparency-data.ts), when there are any.
  diagnostics.push(...transparencyDiagnostics(await readFile(TRANSPARENCY_FILE)));

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
    diagnostics.push(
      ...deliveryDiagnostics({
        roster: rosterFile.data,
        rosterSource: rosterFile.source,
        site: site.data,
        siteSource: site.source,
      }),
    );
    if (options.readBytes)
      diagnostics.push(
        ...(await checkPhotos({
          entries: rosterFile.data.responders,
          source: rosterFile.source,
          readBytes: options.readBytes,
        })),
      );
  }

  diagnostics.push(
    ...(await privateKeyFiles({
      files: options.files ?? pages.map((page) => page.file),
      pages,
      // The roster's own key files are the roster check's, which says so at the roster's line.
      rosterKeys: new Set(rosterFile?.data.responders.flatMap((r) => (r.key ? [keyFilePath(r.key)] : []))),
      readFile,
    })),
  );

  if (options.files) diagnostics.push(...unpublishedPageDiagnostics(options.files));

  // Languages: the site's own, then each translation folder.
  const ownTag = site?.data.lang ?? "en";
  const labelOf = (tag: string) => languageName(tag, "en");
  // Confide ships its own words in some languages (src/i18n/ui/): a site's ui.yaml only changes
  // them. For another language the site's own language's words stand in, with a warning.
  const uiStrings = async (
    file: string,
    tag: string,
    reference: { file: string; strings: Partial<UiStrings> } | null,
  ): Promise<{ strings: UiStrings | null; found: Partial<UiStrings> }> => {
    const shippedIn = async (language: string) => {
      const shipped = await shippedUiSource({ tag: language });
      return shipped
        ? validateUiStrings({ source: shipped, reference: null, languageLabel: labelOf(language) }).found
        : null;
    };
    const sameLanguage = await shippedIn(tag);
    const fallback: UiFallback | null = sameLanguage
      ? { strings: sameLanguage, sameLanguage: true, label: labelOf(tag) }
      : reference
        ? { strings: reference.strings, sameLanguage: false, label: labelOf(ownTag) }
        : { strings: (await shippedIn("en")) ?? {}, sameLanguage: false, label: labelOf("en") };
    const text = await readFile(file);
    if (text === null && fallback) {
      if (!fallback.sameLanguage)
        diagnostics.push(
          borrowedWarning(file, labelOf(tag), fallback, Object.keys(fallback.strings) as UiKey[]),
        );
      return { strings: fallback.strings as UiStrings, found: fallback.strings };
    }
    const source = await readYaml(
      file,
      `Create it: Confide does not ship its own words in ${labelOf(tag)}, so translate src/i18n/ui/en.yaml into it.`,
    );
    if (!source) return { strings: null, found: {} };
    const checked = validateUiStrings({ source, reference, languageLabel: labelOf(tag), fallback });
    diagnostics.push(...checked.diagnostics);
    return checked;
  };
  const ownUiFile = await uiStrings(DATA_FILES.ui, ownTag, null);
  const ownUi = ownUiFile.strings;
  const languages: SiteLanguage[] = [];
  if (site && report && ownUi) {
    languages.push({
      tag: ownTag,
      folder: "",
      prefix: "",
      dir: directionOf(ownTag),
      ui: ownUi,
      site: site.data,
      report: report.data,
      responders,
    });
  }
  const folders = [...(options.translations ?? [])].sort();
  for (const folder of folders) {
    const uiFile = `${folder}/${DATA_FILES.ui}`;
    if (!LANGUAGE_TAG.test(folder) || folder.toLowerCase() === ownTag.toLowerCase()) {
      diagnostics.push({
        file: uiFile,
        ...START,
        severity: "error",
        message: LANGUAGE_TAG.test(folder)
          ? `The folder ${folder}/ holds a translation into the site's own language, ${ownTag} (site.yaml's lang).`
          : `The folder ${folder}/ holds a translation (a _data/ folder), so its name must be a language tag such as es, ar or pt-BR.`,
        fix: LANGUAGE_TAG.test(folder)
          ? "The site's own language lives at the top of the content folder: move these pages there, or change site.yaml's lang."
          : "Rename the folder to the language's tag, or move its _data/ folder away if it is not a translation.",
      });
      continue;
    }
    const label = labelOf(folder);
    const ui = (await uiStrings(uiFile, folder, { file: DATA_FILES.ui, strings: ownUiFile.found })).strings;
    // A data file without its translation shows the original's text, with a warning.
    const translation = async (name: "site" | "roster" | "report") =>
      readYaml(
        `${folder}/${DATA_FILES[name]}`,
        `Create it with the ${label} text of ${DATA_FILES[name]}: the example's es/${DATA_FILES[name]} shows how.`,
        {
          severity: "warning",
          consequence: `: ${label} pages show the text of ${DATA_FILES[name]} as it is`,
        },
      );
    const [siteSource, rosterSource, reportSource] = [
      await translation("site"),
      await translation("roster"),
      await translation("report"),
    ];
    if (!site || !report || !rosterFile) continue;
    const common = { languageLabel: label };
    const translatedSite = siteSource
      ? translateSite({ ...common, site: site.data, source: siteSource, originalFile: DATA_FILES.site })
      : { site: site.data, diagnostics: [] };
    const translatedRoster = rosterSource
      ? translateRoster({ ...common, responders, source: rosterSource, originalFile: DATA_FILES.roster })
      : { responders, diagnostics: [] };
    const translatedReport = reportSource
      ? translateReport({
          ...common,
          report: report.data,
          source: reportSource,
          originalFile: DATA_FILES.report,
        })
      : { report: report.data, diagnostics: [] };
    for (const part of [translatedSite, translatedRoster, translatedReport])
      diagnostics.push(...part.diagnostics);
    if (ui) {
      languages.push({
        tag: folder,
        folder: `${folder}/`,
        prefix: `/${folder}`,
        dir: directionOf(folder),
        ui,
        site: translatedSite.site,
        report: translatedReport.report,
        responders: translatedRoster.responders,
      });
    }
  }

  let pageLanguages: Record<string, PageVersion[]> = {};
  if (site) {
    pageLanguages = checkAllPages({
      pages,
      folders: [
        { tag: ownTag, folder: "", prefix: "", site: site.data },
        ...folders
          .filter((folder) => LANGUAGE_TAG.test(folder) && folder.toLowerCase() !== ownTag.toLowerCase())
          .map((folder) => ({
            tag: folder,
            folder: `${folder}/`,
            prefix: `/${folder}`,
            site: languages.find((l) => l.tag === folder)?.site ?? site.data,
          })),
      ],
      responders,
      diagnostics,
    });
  }

  const failed = !site || !rosterFile || !report || !ownUi || diagnostics.some((d) => d.severity === "error");
  return {
    content: failed ? null : { site: site.data, report: report.data, responders, languages, pageLanguages },
    diagnostics,
  };
}

/** An error for each file (but the roster's key files) that holds a private key. */
async function privateKeyFiles(options: {
  files: readonly string[];
  pages: readonly PageSource[];
  rosterKeys: ReadonlySet<string>;
  readFile: ReadContentFile;
}): Promise<Diagnostic[]> {
  const pageText = new Map(options.pages.map((page) => [page.file, page.text]));
  const found = await Promise.all(
    options.files
      .filter((file) => !options.rosterKeys.has(file))
      .map(async (file) => {
        const text = pageText.get(file) ?? (await options.readFile(file));
        return text === null ? null : privateKeyDiagnostic({ file, text });
      }),
  );
  return found.filter((diagnostic) => diagnostic !== null);
}

/** A language as the page checks see it, whether or not its translations are valid. */
interface PageLanguage {
  tag: string;
  folder: string;
  prefix: string;
  site: Site;
}

/**
 * Checks every page in every language (links, settings, tags, menus, addresses), that each language
 * has the pages the generated parts link to, and which pages lack a translation.
 *
 * @returns every page's versions in each language, by the address of each version
 */
function checkAllPages(options: {
  pages: readonly PageSource[];
  folders: readonly PageLanguage[];
  responders: readonly Responder[];
  diagnostics: Diagnostic[];
}): Record<string, PageVersion[]> {
  const { pages, folders, responders, diagnostics } = options;
  const [own] = folders;
  if (!own) return {};
  const translations = folders.slice(1);
  const languageOf = (file: string) => translations.find((l) => file.startsWith(l.folder)) ?? own;
  const label = (tag: string) => languageName(tag, "en");

  // Each page's versions, grouped by its path inside its language's folder; generated pages by id.
  const groups = new Map<string, PageVersion[]>();
  const addVersion = (key: string, version: PageVersion) => {
    const group = groups.get(key) ?? [];
    group.push(version);
    groups.set(key, group);
  };
  for (const page of pages) {
    const language = languageOf(page.file);
    addVersion(page.file.slice(language.folder.length), { tag: language.tag, url: pageUrl(page) });
  }
  for (const language of folders) {
    for (const responder of responders)
      addVersion(`\u0000responder/${responder.id}`, {
        tag: language.tag,
        url: languageUrls(language.prefix).responder(responder.id),
      });
  }
  const order = (tag: string) => folders.findIndex((l) => l.tag === tag);
  const pageLanguages: Record<string, PageVersion[]> = {};
  for (const group of groups.values()) {
    group.sort((a, b) => order(a.tag) - order(b.tag));
    for (const version of group) pageLanguages[version.url] = group;
  }

  // Each responder's own page, in every language: a link may go there, but it is no page to suggest.
  const responderPages = new Set(
    folders.flatMap((language) => responders.map((r) => languageUrls(language.prefix).responder(r.id))),
  );
  const knownUrls = new Set<string>([
    ...pages.map((page) => pageUrl(page)),
    urls.allKeys,
    urls.stylesheet,
    ...responders.filter((r) => r.publicKey).map((r) => urls.key(r.id)),
    ...folders.map((language) => languageUrls(language.prefix).responders),
    ...responderPages,
  ]);
  const languagePrefixes = translations.map((language) => language.prefix);
  const versionOf = (url: string) =>
    pageLanguages[url]?.find((version) => version.url === url) ??
    pageLanguages[`${url}/`]?.find((version) => version.url === `${url}/`);

  for (const page of pages) {
    const language = languageOf(page.file);
    const url = pageUrl(page);
    diagnostics.push(
      ...checkPage({
        page,
        knownUrls,
        schemas: { site: siteSchema },
        shortcodes: SHORTCODES,
        languagePrefixes,
        unsuggested: responderPages,
        localUrl: (target) => {
          const version = versionOf(target);
          if (!version || version.tag === language.tag) return null;
          const local = pageLanguages[version.url]?.find((v) => v.tag === language.tag);
          return local ? { url: local.url, language: label(language.tag), linked: label(version.tag) } : null;
        },
      }),
    );
    const foreign = translations.find((l) => l !== language && url.startsWith(`${l.prefix}/`));
    const misplaced = language.prefix ? !url.startsWith(`${language.prefix}/`) : foreign !== undefined;
    if (misplaced) {
      diagnostics.push({
        file: page.file,
        ...permalinkPosition(page),
        severity: "error",
        message: language.prefix
          ? `This ${label(language.tag)} page has the address ${url}, outside ${language.prefix}/, where every ${label(language.tag)} page belongs.`
          : `This page has the address ${url}, inside ${foreign?.prefix}/, which belongs to the ${label(foreign?.tag ?? "")} pages.`,
        fix: language.prefix
          ? `Start its permalink with ${language.prefix}/, e.g. \`permalink: ${language.prefix}${url}\`, or remove the permalink.`
          : `Give it an address outside ${foreign?.prefix}/, or move it into ${foreign?.folder} if it is a translation.`,
      });
    }
  }

  for (const language of folders) diagnostics.push(...missingBlocks(pages, language, language.site));
  diagnostics.push(...reportFormDiagnostics({ pages, hasForm: own.site.form !== undefined }));
  diagnostics.push(
    ...pageAddressDiagnostics({
      pages: pages.map((page) => ({ file: page.file, url: pageUrl(page), at: permalinkPosition(page) })),
      generated: generatedAddresses({
        prefixes: folders.map((language) => language.prefix),
        responderIds: responders.map((responder) => responder.id),
      }),
    }),
  );

  const pageUrls = new Set(pages.map((page) => pageUrl(page)));
  for (const language of folders) {
    for (const [url, file, why] of requiredPages(language.prefix, language.folder)) {
      if (!pageUrls.has(url)) {
        diagnostics.push({
          file,
          ...START,
          severity: "error",
          message: `No page has the address ${url}, but ${why} link there.`,
          fix: language.prefix
            ? `Create ${file} (a translation of ${file.slice(language.folder.length)}), or keep \`permalink: ${url}\` in its front matter.`
            : `Keep \`permalink: ${url}\` in ${file}'s front matter, or create ${file}.`,
        });
      }
    }
  }

  for (const page of pages.filter((p) => languageOf(p.file) === own)) {
    for (const language of translations) {
      if (pageLanguages[pageUrl(page)]?.some((version) => version.tag === language.tag)) continue;
      diagnostics.push({
        file: page.file,
        ...START,
        severity: "warning",
        message: `This page has no ${label(language.tag)} version (${language.folder}${page.file}), so the language menu sends ${label(language.tag)} readers to ${languageUrls(language.prefix).home} instead.`,
        fix: `Translate it into ${language.folder}${page.file}.`,
      });
    }
  }
  return pageLanguages;
}

/**
 * The blocks the generated parts of the site depend on: every page says "report online" and links to
 * the report page, which is nothing without its form; every responder's page links back to the list.
 */
const REQUIRED_BLOCKS = [
  {
    url: (prefix: string) => languageUrls(prefix).report,
    block: "report_form",
    why: "site.yaml sets up the form (`form:`), so the ways to report offer it and link here, but there would be no form",
    required: (site: Site) => site.form !== undefined,
    otherwise: " If the site has no form yet, remove `form:` from _data/site.yaml.",
  },
  {
    url: (prefix: string) => languageUrls(prefix).responders,
    block: "responder_list",
    why: "the menu and every responder's page link here, but it would list no one",
    required: () => true,
    otherwise: "",
  },
] as const;

/** An error for each page the generated parts depend on that lacks its block. */
function missingBlocks(pages: readonly PageSource[], language: PageLanguage, site: Site): Diagnostic[] {
  return REQUIRED_BLOCKS.filter((rule) => rule.required(site)).flatMap(({ url, block, why, otherwise }) => {
    const page = pages.find((p) => p.file.startsWith(language.folder) && pageUrl(p) === url(language.prefix));
    if (!page || new RegExp(`\\{%-?\\s*${block}\\b`).test(page.text)) return [];
    return [
      {
        file: page.file,
        ...START,
        severity: "error" as const,
        message: `This page (${url(language.prefix)}) has no {% ${block} %}: ${why}.`,
        fix: `Put {% ${block} %} back in ${page.file}, on a line of its own where it should appear.${otherwise}`,
      },
    ];
  });
}

/**
 * The errors of the {% report_form %} tags (issue 14): each one on a site whose site.yaml has no
 * `form:` (the page would show a form that "cannot send reports right now", on every visit), and a
 * second one on a page (only the first form of a page works: the second would take a report and send
 * nothing).
 *
 * @param options.pages - every page
 * @param options.hasForm - whether site.yaml sets up the form (`form:`)
 */
function reportFormDiagnostics(options: { pages: readonly PageSource[]; hasForm: boolean }): Diagnostic[] {
  return options.pages.flatMap((page) => {
    const tags = page.text.split("\n").flatMap((line, index) => {
      const found = /\{%-?\s*report_form\b/.exec(line);
      return found ? [{ line: index + 1, col: found.index + 1 }] : [];
    });
    const error = (at: Position, message: string, fix: string): Diagnostic => ({
      file: page.file,
      ...at,
      severity: "error",
      message,
      fix,
    });
    if (!options.hasForm)
      return tags.map((at) =>
        error(
          at,
          "{% report_form %} would show a form that cannot send anything: _data/site.yaml has no `form:`, which says where reports go.",
          "Add `form:` to _data/site.yaml with your Formspree form's id (`form:`, then `  id: YOUR_FORM_ID` on the next line; see the example's site.yaml), or remove {% report_form %} if the site has no form yet.",
        ),
      );
    return tags
      .slice(1)
      .map((at) =>
        error(
          at,
          `This page has a second {% report_form %} (the first is on line ${tags[0]?.line}): only the first form of a page works, so this one would take a report and send nothing.`,
          "Keep one {% report_form %} on the page, and remove this one.",
        ),
      );
  });
}

/** Where a page's permalink is written, or its first line. */
function permalinkPosition(page: PageSource): Position {
  const index = page.text.split("\n").findIndex((line) => /^permalink\s*:/.test(line));
  return index >= 0 ? { line: index + 1, col: 1 } : START;
}

/** Each page's address, worked out once: the checks ask for it several times a page. */
const knownPageUrls = new WeakMap<PageSource, string>();

/** The address a page will have: its front matter's permalink, or Eleventy's default. */
export function pageUrl(page: PageSource): string {
  let url = knownPageUrls.get(page);
  if (url === undefined) {
    const permalink = readFrontMatter(page).permalink;
    url =
      typeof permalink === "string"
        ? `/${permalink.replace(/^\/+/, "").replace(/index\.html$/, "")}`
        : defaultPageUrl(page.file);
    knownPageUrls.set(page, url);
  }
  return url;
}

function placeholderDiagnostics(source: YamlSource): Diagnostic[] {
  return source
    .strings()
    .filter(({ value }) => findPlaceholder(value) !== null)
    .map(({ path, value, position }) => ({
      file: source.file,
      ...position,
      severity: "error" as const,
      message: `"${String(path[path.length - 1])}" still holds the placeholder ${JSON.stringify(value)}.`,
      fix: "Replace it with the real value, or remove the entry until you have it.",
    }));
}
