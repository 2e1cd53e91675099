/**
 * Loads the report form's OpenPGP code (seal-report.ts and the chunks it imports) once, when the
 * reporter first needs it: on their first focus in the form, or at the latest when they send. Not on
 * idle and not by a modulepreload: a visitor who only reads the page downloads and compiles none of
 * it (about 60 KB gzip, a long task on a slow phone).
 */

type Sealer = typeof import("./seal-report.ts");
let sealer: Promise<Sealer> | null = null;

/** Starts loading the OpenPGP code, once per page; later calls return the same promise. */
export function loadSealer(): Promise<Sealer> {
  sealer ??= import("./seal-report.ts").catch((error: unknown) => {
    // A failed download (offline for a moment) must not stay cached: the next send tries again.
    sealer = null;
    throw error;
  });
  return sealer;
}

/**
 * Starts loading the OpenPGP code without waiting for it: the form calls this on the reporter's first
 * focus. A failure here is not reported: sending loads it again and tells the reporter if it fails.
 */
export function startLoadingSealer(): void {
  loadSealer().catch(() => undefined);
}
