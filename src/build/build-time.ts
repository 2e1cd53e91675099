/**
 * The instant a build is made at, in whole seconds. One instant serves the whole build: the key
 * checks, the report form's `builtAt` and the manifest's `builtAt`.
 *
 * `SOURCE_DATE_EPOCH` (seconds since 1970, https://reproducible-builds.org/specs/source-date-epoch/)
 * sets it: `confide verify` rebuilds a deployed site at the instant its manifest records, and the
 * build is then byte for byte the same. Whole seconds, so that instant can always be given back.
 *
 * @param sourceDateEpoch - the environment's SOURCE_DATE_EPOCH, if set
 * @param now - the clock (default: the system clock)
 * @throws when SOURCE_DATE_EPOCH is not a whole number of seconds
 */
export function buildTime(sourceDateEpoch: string | undefined, now: Date = new Date()): Date {
  if (sourceDateEpoch === undefined || sourceDateEpoch === "") {
    return new Date(Math.floor(now.getTime() / 1000) * 1000);
  }
  if (!/^\d{1,12}$/.test(sourceDateEpoch.trim())) {
    throw new Error(
      `SOURCE_DATE_EPOCH is "${sourceDateEpoch}": set it to a whole number of seconds since 1970 (date +%s), or unset it.`,
    );
  }
  return new Date(Number(sourceDateEpoch.trim()) * 1000);
}
