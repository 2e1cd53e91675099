import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { escapeHtml } from "../site/html.ts";
import { formEndpointOf } from "../site/report-form-props.ts";
import { contentSecurityPolicy, formOriginOf, pageKindOf } from "../site/security-headers.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

/** Options of {@link headersPlugin}. */
export interface HeadersPluginOptions {
  /** The content of this build (site.yaml's form endpoint). */
  content: ContentLoader;
  /** CONFIDE_FORM_ENDPOINT, which overrides site.yaml's endpoint ("same-origin": the site's own origin). */
  formEndpoint?: string | undefined;
}

/**
 * `{% content_security_policy content %}` for the layout: the page's policy (src/site/security-headers.ts)
 * as a `<meta http-equiv>`, for hosts that ignore `_headers` (GitHub Pages). A meta policy cannot
 * forbid framing; everything else it enforces the same. The `_headers` file, which Cloudflare Pages
 * and Netlify read (https://developers.cloudflare.com/pages/configuration/headers/) and `npm start`
 * serves, is written after the pages by src/build/finish-build.ts.
 *
 * A page's kind (content, or report form) is read from the page itself, so a report form moved to
 * another address keeps the policy it needs.
 */
export default function headersPlugin(eleventyConfig: EleventyConfig, options: HeadersPluginOptions): void {
  const formOrigin = async () =>
    formOriginOf(formEndpointOf((await options.content.get()).site, options.formEndpoint));

  eleventyConfig.addShortcode("content_security_policy", async (pageContent: string) =>
    policyMetaTag({ pageContent: String(pageContent), formOrigin: await formOrigin() }),
  );
}

/**
 * A page's Content-Security-Policy as a `<meta http-equiv>`: the report page's policy for a page that
 * holds the form, the content policy for any other.
 *
 * @param options.pageContent - the page's rendered body
 * @param options.formOrigin - the origin the form posts to (null: the form is not set up)
 */
export function policyMetaTag(options: { pageContent: string; formOrigin: string | null }): string {
  const { pageContent, formOrigin, ...rest } = options;
  rejectUnknownOptions("policyMetaTag", rest);
  const policy = contentSecurityPolicy({ kind: pageKindOf(pageContent), formOrigin, delivery: "meta" });
  return `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`;
}
