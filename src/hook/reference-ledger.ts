import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import type { Delivery, LedgerOutcome, ReferenceLedger } from "./handle-submission.ts";
import type { KeyValueStore } from "./key-value-store.ts";
import { decideDelivery, type SubmissionIdentity } from "./submission-identity.ts";

/** How many references (per form id) one isolate remembers before forgetting the oldest. */
export const MEMORY_LEDGER_REFERENCES = 10_000;
/** How long KV remembers a delivered reference, in seconds (30 days: long after any retry). */
export const KV_LEDGER_TTL_SECONDS = 30 * 24 * 60 * 60;
/**
 * The versions remembered under one reference. Past it the oldest digest is forgotten (a retry of that
 * version would be delivered again: a duplicate, never a loss); the rate limit keeps anyone from
 * getting near it.
 */
export const MAX_VERSIONS_PER_REFERENCE = 100;

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
 * The hook's ledger (the contract is in submission-identity.ts), kept as well as a Worker can:
 *
 * - In memory (always): the digests delivered under each (form id, reference), bounded to
 *   `maxReferences` references (the oldest forgotten first), and a queue per reference so that
 *   copies arriving together are decided one after another: one delivery, versions in order.
 *   It lives as long as the isolate and is not shared with other isolates or locations.
 * - In KV (when bound): `delivered:<form id>:<reference>` holds the digests as JSON for
 *   {@link KV_LEDGER_TTL_SECONDS}. KV is eventually consistent (a write can take up to a minute to be
 *   seen elsewhere), so two copies that reach different locations within that time can both be
 *   delivered. A KV failure never loses a report: the copy is delivered (perhaps twice) rather than refused.
 *
 * Only successful deliveries are remembered: a failed one can be retried.
 *
 * @param options - see {@link ReferenceLedgerOptions}; unknown options throw
 */
export function createReferenceLedger(options: ReferenceLedgerOptions = {}): SharedReferenceLedger {
  const {
    maxReferences = MEMORY_LEDGER_REFERENCES,
    log = (message) => console.warn(message),
    ...rest
  } = options;
  rejectUnknownOptions("createReferenceLedger", rest);
  const delivered = new Map<string, string[]>();
  const queues = new Map<string, Promise<unknown>>();

  const remember = (key: string, digests: string[]) => {
    delivered.delete(key);
    delivered.set(key, digests.slice(-MAX_VERSIONS_PER_REFERENCE));
    for (const oldest of delivered.keys()) {
      if (delivered.size <= maxReferences) break;
      delivered.delete(oldest);
    }
  };

  const known = async (key: string, shared: KeyValueStore | undefined): Promise<string[]> => {
    const local = delivered.get(key) ?? [];
    if (!shared) return local;
    try {
      const stored = parseDigests(await shared.get(KEY_PREFIX + key));
      // Both may know versions the other has not seen yet (another isolate, a KV write not yet visible).
      return [...stored, ...local.filter((digest) => !stored.includes(digest))];
    } catch {
      log(
        "confide hook: the KV namespace could not be read; delivering without its record of earlier copies.",
      );
      return local;
    }
  };

  const decide = async (
    identity: SubmissionIdentity,
    deliver: (revision: number) => Promise<Delivery>,
    shared: KeyValueStore | undefined,
  ): Promise<LedgerOutcome> => {
    const key = `${identity.formId}:${identity.reference}`;
    const digests = await known(key, shared);
    const decision = decideDelivery(digests, identity.digest);
    if (decision.kind === "retry") {
      remember(key, digests);
      return decision;
    }
    const delivery = await deliver(decision.revision);
    if (delivery.kind === "failed") return delivery;
    const updated = [...digests, identity.digest];
    remember(key, updated);
    if (shared) {
      try {
        await shared.put(KEY_PREFIX + key, JSON.stringify(updated.slice(-MAX_VERSIONS_PER_REFERENCE)), {
          expirationTtl: KV_LEDGER_TTL_SECONDS,
        });
      } catch {
        log("confide hook: the KV namespace could not be written; a retry may be delivered again.");
      }
    }
    return { kind: "delivered", revision: decision.revision };
  };

  return {
    with: (shared) => ({
      record(identity, deliver) {
        const key = `${identity.formId}:${identity.reference}`;
        const previous = queues.get(key) ?? Promise.resolve();
        const outcome = previous.then(() => decide(identity, deliver, shared));
        const settled = outcome.catch(() => {});
        queues.set(key, settled);
        void settled.then(() => {
          if (queues.get(key) === settled) queues.delete(key);
        });
        return outcome;
      },
    }),
  };
}

/** The digests stored in KV: a JSON array of hex strings; anything else counts as none. */
function parseDigests(text: string | null): string[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}
