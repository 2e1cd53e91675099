import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { escapeHtml } from "../site/html.ts";
import { formEndpointOf } from "../site/report-form-props.ts";
import {
  contentSecurityPolicy,
  formatHeadersFile,
  formOriginOf,
  headerRules,
  pageKindOf,
} from "../site/security-headers.ts";
import { urls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link headersPlugin}. */
export interface HeadersPluginOptions {
  /** The content of this build (site.yaml's form endpoint). */
  content: ContentLoader;
  /** CONFIDE_FORM_ENDPOINT, which overrides site.yaml's endpoint ("same-origin": the site's own origin). */
  formEndpoint?: string | undefined;
  /** Where `_headers` is recorded, for the manifest. */
  published: PublishedFiles;
}

/**
 * The security headers of every page, from the rules in src/site/security-headers.ts:
 *
 * - `_headers` in the output folder, which Cloudflare Pages and Netlify read
 *   (https://developers.cloudflare.com/pages/configuration/headers/), and `npm start` serves;
 * - `{% content_security_policy content %}` for the layout: the page's policy as a
 *   `<meta http-equiv>`, for hosts that ignore `_headers` (GitHub Pages). A meta policy cannot
 *   forbid framing; everything else it enforces the same.
 *
 * A page's kind (content, or report form) is read from the page itself, so a report form moved to
 * another address keeps the policy it needs.
 */
export default function headersPlugin(eleventyConfig: EleventyConfig, options: HeadersPluginOptions): void {
  const formOrigin = async () =>
    formOriginOf(formEndpointOf((await options.content.get()).site, options.formEndpoint));

  eleventyConfig.addShortcode("content_security_policy", async (pageContent: string) => {
    const policy = contentSecurityPolicy({
      kind: pageKindOf(String(pageContent)),
      formOrigin: await formOrigin(),
      delivery: "meta",
    });
    return `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`;
  });

  eleventyConfig.on("eleventy.after", async ({ directories, results, outputMode }) => {
    if (outputMode !== "fs") return; // renderSite: nothing is written
    const pages = results
      .filter((result) => typeof result.url === "string" && String(result.outputPath).endsWith(".html"))
      .map((result) => ({ url: String(result.url), kind: pageKindOf(result.content) }));
    const text = formatHeadersFile(headerRules({ pages, formOrigin: await formOrigin() }));
    await writeFile(join(directories.output, urls.headersFile), text);
    options.published.add(urls.headersFile, Buffer.from(text));
  });
}
