import { gzipSync } from "node:zlib";

/**
 * The report page's byte budgets (issue 11), asserted by the tests and printed by `npm run bench`.
 * Sizes are gzip -9 of the built files: deterministic, not timed and not as transferred.
 */

/** The JavaScript the report page loads before the reporter interacts, gzipped. */
export const INITIAL_JS_BUDGET = 20 * 1024;
/** Everything the report page loads to send a report (HTML, CSS, all JavaScript), gzipped. */
export const WHOLE_PAGE_BUDGET = 130 * 1024;

/** A file's size as gzip -9 makes it. */
export const gzipped = (bytes: Uint8Array | string): number => gzipSync(bytes, { level: 9 }).length;
