import { rejectUnknownOptions } from "./reject-unknown-options.ts";

/**
 * Where the copies of one report go, decided from whom the reporter kept (docs/report-format.md,
 * "Copies"). Pure: the form, the tests and the docs' examples all use it.
 *
 * - Everyone kept: one copy, encrypted to every receiving responder, to the team inbox (site.yaml's
 *   `form.id`).
 * - Someone left out: one copy per chosen responder, each encrypted to that responder alone, to their
 *   personal inbox (roster.yaml's `inbox`). The team inbox and the people left out receive nothing. A
 *   chosen responder without a personal inbox cannot receive such a report: they are `unreachable`.
 */

/** A receiving responder, as the plan needs them. */
export interface PlanResponder {
  id: string;
  /** their personal inbox's form id, or null */
  inbox: string | null;
}

/** One copy to send: where, and who can read it. */
export interface PlannedCopy {
  /** the form id it is posted to: the team's, or a responder's personal inbox */
  target: string;
  /** the responder whose personal inbox this is, or null for the team's */
  owner: string | null;
  /** the ids of the responders it is encrypted to, in roster order */
  readers: string[];
}

/** What {@link planDelivery} decided. */
export type DeliveryPlan =
  | { kind: "team"; copies: [PlannedCopy] }
  | {
      kind: "personal";
      copies: PlannedCopy[];
      /** chosen responders without a personal inbox: this report cannot reach them */
      unreachable: string[];
    }
  /** nobody the reporter chose can receive a report that leaves someone out (or nobody was chosen) */
  | { kind: "impossible"; unreachable: string[] };

/** Options for {@link planDelivery}. */
export interface PlanDeliveryOptions {
  /** the responders a report can be encrypted to now, in roster order */
  receiving: readonly PlanResponder[];
  /** the ids the reporter kept */
  chosen: ReadonlySet<string> | readonly string[];
  /** the team inbox's form id (site.yaml `form.id`) */
  teamFormId: string;
}

/**
 * Decides the copies of one report.
 *
 * @param options - see {@link PlanDeliveryOptions}; unknown options throw
 */
export function planDelivery(options: PlanDeliveryOptions): DeliveryPlan {
  rejectUnknownOptions("planDelivery", options, ["receiving", "chosen", "teamFormId"]);
  const chosen = new Set(options.chosen);
  const kept = options.receiving.filter((responder) => chosen.has(responder.id));
  if (kept.length === 0) return { kind: "impossible", unreachable: [] };
  if (kept.length === options.receiving.length)
    return {
      kind: "team",
      copies: [{ target: options.teamFormId, owner: null, readers: kept.map((responder) => responder.id) }],
    };
  const unreachable = kept.filter((responder) => !responder.inbox).map((responder) => responder.id);
  const copies = kept.flatMap((responder) =>
    responder.inbox ? [{ target: responder.inbox, owner: responder.id, readers: [responder.id] }] : [],
  );
  return copies.length === 0
    ? { kind: "impossible", unreachable }
    : { kind: "personal", copies, unreachable };
}
