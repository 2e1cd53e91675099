import { buildTime } from "../build/build-time.ts";
import { UsageError } from "./args.ts";

/**
 * The build's instant from SOURCE_DATE_EPOCH (a reproducible build), or now: what `confide build`
 * builds at and `confide check` checks keys at. A value that is no time is the user's to fix, said
 * as such (not a stack trace).
 *
 * @throws UsageError saying how to set SOURCE_DATE_EPOCH
 */
export function buildTimeFromEnvironment(): Date {
  try {
    return buildTime(process.env.SOURCE_DATE_EPOCH);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
