import type { Delivery, ReferenceLedger } from "./handle-submission.ts";
import type { KeyValueStore } from "./key-value-store.ts";

/** How many delivered references one isolate remembers before forgetting the oldest. */
export const MEMORY_LEDGER_REFERENCES = 10_000;
/** How long KV remembers a delivered reference, in seconds (30 days: long after any retry). */
export const KV_LEDGER_TTL_SECONDS = 30 * 24 * 60 * 60;

const KEY_PREFIX = "delivered:";

/** Options for {@link createReferenceLedger}. */
export interface ReferenceLedgerOptions {
  /** references remembered in memory (default: MEMORY_LEDGER_REFERENCES) */
  maxReferences?: number;
  /** where failures of the shared store are reported (never with a reference); default console.warn */
  log?: (message: string) => void;
}

/** A {@link ReferenceLedger} that can also consult a KV namespace shared by every isolate. */
export interface SharedReferenceLedger {
  /** the ledger for one request, backed by `shared` when the binding exists */
  with(shared: KeyValueStore | undefined): ReferenceLedger;
}

/**
 * Delivers each reference once, as well as a Worker can:
 *
 * - In memory (always): a bounded set of delivered references, and the deliveries in progress, so
 *   copies arriving together share one delivery. It lives as long as the isolate, is not shared with
 *   other isolates or locations, and forgets the oldest reference past `maxReferences`.
 * - In KV (when bound): `delivered:<reference>` for {@link KV_LEDGER_TTL_SECONDS}. KV is eventually
 *   consistent (a write can take up to a minute to be seen elsewhere), so two copies that reach
 *   different locations within that time can both be delivered. A KV failure never loses a report:
 *   the copy is delivered (perhaps twice) rather than refused.
 *
 * Only successful deliveries are remembered: a failed one can be retried.
 */
export function createReferenceLedger(options: ReferenceLedgerOptions = {}): SharedReferenceLedger {
  const { maxReferences = MEMORY_LEDGER_REFERENCES, log = (message) => console.warn(message) } = options;
  const delivered = new Set<string>();
  const inFlight = new Map<string, Promise<Delivery>>();

  const remember = (reference: string) => {
    delivered.delete(reference);
    delivered.add(reference);
    for (const oldest of delivered) {
      if (delivered.size <= maxReferences) break;
      delivered.delete(oldest);
    }
  };

  const run = async (
    reference: string,
    deliver: () => Promise<Delivery>,
    shared: KeyValueStore | undefined,
  ): Promise<Delivery> => {
    if (shared) {
      try {
        if ((await shared.get(KEY_PREFIX + reference)) !== null) {
          remember(reference);
          return { kind: "duplicate" };
        }
      } catch {
        log(
          "confide hook: the KV namespace could not be read; delivering without its record of earlier copies.",
        );
      }
    }
    const delivery = await deliver();
    if (delivery.kind !== "failed") {
      remember(reference);
      if (shared) {
        try {
          await shared.put(KEY_PREFIX + reference, "1", { expirationTtl: KV_LEDGER_TTL_SECONDS });
        } catch {
          log("confide hook: the KV namespace could not be written; a retry may be delivered again.");
        }
      }
    }
    return delivery;
  };

  return {
    with: (shared) => ({
      async once(reference, deliver) {
        if (delivered.has(reference)) return { kind: "duplicate" };
        const running = inFlight.get(reference);
        if (running) {
          const outcome = await running;
          return outcome.kind === "failed" ? outcome : { kind: "duplicate" };
        }
        const delivery = run(reference, deliver, shared);
        inFlight.set(reference, delivery);
        try {
          return await delivery;
        } finally {
          inFlight.delete(reference);
        }
      },
    }),
  };
}
