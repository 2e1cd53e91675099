/**
 * The addresses of the pages and files Confide generates. Templates, the link checker and the tests
 * all take them from here, so a generated page cannot be linked under a stale address.
 */
export const urls = {
  responders: "/responders/",
  responder: (id: string) => `/responders/${id}/`,
  key: (id: string) => `/keys/${id}.asc`,
  /** A responder's photo, made for the web at build time (src/roster/responder-photos.ts). */
  photo: (id: string) => `/responders/${id}/photo.jpg`,
  allKeys: "/keys/responders.asc",
  /** The receiving keys' ids, for the functions/ hook (src/roster/receiving-key-ids.ts). */
  receivingKeyIds: "/hook/receiving-key-ids.json",
  report: "/report/",
  reporting: "/reporting/",
  codeOfConduct: "/code-of-conduct/",
  stylesheet: "/assets/site.css",
  /** The report form's styles, loaded only by the pages that hold it. */
  formStylesheet: "/assets/report-form.css",
  /** The security headers, for hosts that read them (src/site/security-headers.ts); never served. */
  headersFile: "/_headers",
  /** The build's manifest: every file's SHA-256 and the receiving keys (src/build/finish-build.ts). */
  manifest: "/.well-known/confide.json",
} as const;

/**
 * What a form id looks like (Formspree's ids are letters and digits, e.g. `xabcdwxy`): the team's
 * `form.id` in site.yaml, a responder's personal `inbox` in roster.yaml, and the id in `/f/<id>`.
 */
export const FORM_ID_PATTERN = /^[\w-]{1,64}$/;

/**
 * Where a form posts at an endpoint: `/f/<id>`, Formspree's path, which the hook and the local inbox
 * answer too.
 *
 * @param formId - a form id matching {@link FORM_ID_PATTERN}
 */
export function formPath(formId: string): string {
  return `/f/${encodeURIComponent(formId)}`;
}

/** The addresses of a language's generated pages and required pages, under its prefix ("" or "/es"). */
export function languageUrls(prefix: string) {
  return {
    home: `${prefix}/`,
    report: `${prefix}${urls.report}`,
    responders: `${prefix}${urls.responders}`,
    responder: (id: string) => `${prefix}${urls.responder(id)}`,
  };
}

/**
 * The address Eleventy gives a markdown page by default: `index.md` → `/`, `faq.md` → `/faq/`,
 * `help/index.md` → `/help/`.
 *
 * @param relativePath - the page's path inside the content folder
 */
export function defaultPageUrl(relativePath: string): string {
  const withoutExtension = relativePath.replace(/\.[^/.]+$/, "");
  const trimmed = withoutExtension.replace(/(^|\/)index$/, "");
  return trimmed ? `/${trimmed}/` : "/";
}
