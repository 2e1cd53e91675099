import { defineAxeChecks, EXAMPLE_LANGUAGES, isTranslated } from "../helpers/axe-checks.ts";
import { useReportSiteAndBrowser } from "../helpers/report-site.ts";
import { sharedExamplePages } from "../helpers/run-resources.ts";

// Issue 7, the rest of the full accessibility matrix (issue 13): the translations' pages and report
// forms in the dark scheme. accessibility.test.ts checks every page in the light scheme and the site's
// own language in the dark one on every `npm test`; this file completes every language in both schemes.
// It runs with `npm run test:matrix` (CI runs it after `npm test`), not with `npm test`.

const pageUrls = await sharedExamplePages();
const shared = useReportSiteAndBrowser();

defineAxeChecks({
  shared,
  pages: pageUrls.filter(isTranslated).map((url) => ({ url, scheme: "dark" as const })),
  forms: EXAMPLE_LANGUAGES.filter(({ prefix }) => prefix !== "").map(({ prefix }) => ({
    prefix,
    scheme: "dark" as const,
  })),
});
