import { defineFirstScreenChecks } from "../helpers/first-screen.ts";
import { useReportSiteAndBrowser } from "../helpers/report-site.ts";

// Issue 14, the rest of the screenshot matrix (issue 13's split): the help pages' first screen in the
// dark scheme, at 320, 375 and 1280 px, in English and Arabic. page-layout.test.ts checks the light
// scheme on every `npm test`; this runs with `npm run test:matrix` (CI runs it after `npm test`).

defineFirstScreenChecks({ shared: useReportSiteAndBrowser(), scheme: "dark" });
