import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import type { CaseFile } from "./case-file.ts";

/**
 * Which cases the team's retention period says must now be deleted: closed cases whose closing lies
 * longer ago than the period. Open cases are never due. Pure.
 */

const DAY = 24 * 60 * 60 * 1000;

/**
 * The closed cases due for deletion, oldest closing first, each with the day it fell due.
 *
 * @param options.cases - the cases
 * @param options.retentionDays - site.yaml's `desk.retention_days`
 * @param options.now - the moment to compare against
 */
export function dueForDeletion(options: {
  cases: readonly Pick<CaseFile, "reference" | "status" | "closedAt">[];
  retentionDays: number;
  now: Date;
}): Array<{ reference: string; dueSince: Date }> {
  rejectUnknownOptions("dueForDeletion", withoutKeys(options, ["cases", "retentionDays", "now"]));
  return options.cases
    .flatMap((c) => {
      if (c.status !== "closed" || c.closedAt === null) return [];
      const dueSince = new Date(Date.parse(c.closedAt) + options.retentionDays * DAY);
      return dueSince.getTime() <= options.now.getTime() ? [{ reference: c.reference, dueSince }] : [];
    })
    .sort((a, b) => a.dueSince.getTime() - b.dueSince.getTime());
}
