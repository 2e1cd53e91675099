import { brandData } from "../site/brand.ts";
import { pageShell } from "../site/page-shell.ts";
import { formEndpointOf } from "../site/report-form-props.ts";
import { formOriginOf } from "../site/security-headers.ts";
import type { PreparedBuildSlot } from "./build-pipeline.ts";
import type { CollectionItem, EleventyConfig, TemplateContext } from "./eleventy-types.ts";
import { policyMetaTag } from "./headers.ts";
import { integrityLookup } from "./integrity.ts";

/** Options of {@link pageShellPlugin}. */
export interface PageShellPluginOptions {
  /** The build's validated content, bundles and stylesheet. */
  prepared: PreparedBuildSlot;
  /** CONFIDE_FORM_ENDPOINT, which overrides site.yaml's endpoint (the report page's policy names it). */
  formEndpoint?: string | undefined;
}

/** What the layout's Liquid context holds of a page (Eleventy's data for it, with its rendered body). */
interface LayoutData {
  content: string;
  page: { url: string };
  title?: unknown;
  description?: unknown;
  collections: { mainNav: CollectionItem[]; footerNav: CollectionItem[] };
}

/**
 * `{% page_shell %}`, the whole of the layout (src/_includes/base.liquid): every page's shell from
 * src/site/page-shell.ts, filled from the page's data and the build. Synchronous, and once a page.
 */
export default function pageShellPlugin(
  eleventyConfig: EleventyConfig,
  options: PageShellPluginOptions,
): void {
  const integrity = integrityLookup(options.prepared);
  // Per build, not per page: the brand and the form's origin depend on site.yaml alone.
  let forBuild: { content: object; brand: ReturnType<typeof brandData>; formOrigin: string | null } | null =
    null;
  const build = () => {
    const { content } = options.prepared.get();
    if (forBuild?.content !== content)
      forBuild = {
        content,
        brand: brandData(content.site),
        formOrigin: formOriginOf(formEndpointOf(content.site, options.formEndpoint)),
      };
    return forBuild;
  };

  eleventyConfig.addShortcode("page_shell", function (this: TemplateContext) {
    const data = this.ctx?.environments as LayoutData | undefined;
    if (!data) throw new Error("{% page_shell %} is the layout: it needs a page to render.");
    const { content, island } = options.prepared.get();
    const { brand, formOrigin } = build();
    return pageShell({
      site: content,
      page: { url: data.page.url, title: data.title, description: data.description },
      body: data.content,
      policyMeta: policyMetaTag({ pageContent: data.content, formOrigin }),
      brand,
      mainMenu: data.collections.mainNav.map((item) => ({ url: item.url, label: item.data.nav?.label })),
      footerMenu: data.collections.footerNav.map((item) => ({ url: item.url, label: item.data.footer })),
      quickExitScript: island.quickExit,
      integrity,
    });
  });
}
