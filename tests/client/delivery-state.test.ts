import { describe, expect, it } from "vitest";
import {
  type CopyOutcome,
  type DeliveryState,
  deliveryStatus,
  nextStep,
  pendingCopies,
  recordOutcomes,
  sealedState,
} from "../../src/client/delivery-state.ts";
import { TIMEOUT_FAILURE } from "../../src/client/submission-failure.ts";

const NOW = new Date("2027-06-05T14:03:27Z");
const LATER = new Date("2027-06-05T14:09:00Z");
const OFFLINE = { kind: "offline", detail: null } as const;
const SITUATION = { stillHappening: true, leftContact: false };

function threeCopies(inputs = "a"): DeliveryState {
  return sealedState({
    reference: "R-7K2M-9QXD",
    submittedAt: NOW,
    inputs,
    plaintext: "CONFIDE INCIDENT REPORT",
    situation: SITUATION,
    copies: ["ada", "tomas", "mei"].map((id) => ({ target: `x${id}`, owner: id, ciphertext: `ct-${id}` })),
  });
}

const outcomes = (entries: Record<string, CopyOutcome>) => new Map(Object.entries(entries));
let counter = 0;
const newReference = () => `R-NEW${counter++}`;

describe("the send state machine", () => {
  it("seals a first report under a new reference", () => {
    expect(nextStep({ state: null, inputs: "a", newReference: () => "R-AAAA-BBBB", now: NOW })).toEqual({
      kind: "seal",
      reference: "R-AAAA-BBBB",
      submittedAt: NOW,
    });
  });

  it("issue 16: shows 2 of 3 delivered honestly, and retries only the missing copy, same ciphertext", () => {
    const state = recordOutcomes(
      threeCopies(),
      outcomes({
        xada: { kind: "delivered" },
        xtomas: { kind: "delivered" },
        xmei: { kind: "failed", failure: OFFLINE },
      }),
    );
    const status = deliveryStatus(state);
    expect(status.kind).toBe("partial");
    if (status.kind !== "partial") return;
    expect(status.delivered.map((c) => c.owner)).toEqual(["ada", "tomas"]);
    expect(status.missing.map((c) => c.owner)).toEqual(["mei"]);
    expect(status.failure).toEqual(OFFLINE);

    const step = nextStep({ state, inputs: "a", newReference, now: LATER });
    expect(step).toEqual({
      kind: "post",
      copies: [expect.objectContaining({ target: "xmei", ciphertext: "ct-mei" })],
    });
    const done = recordOutcomes(state, outcomes({ xmei: { kind: "delivered" } }));
    expect(deliveryStatus(done)).toEqual({ kind: "sent" });
    expect(pendingCopies(done)).toEqual([]);
  });

  it("issue 16: never marks a delivered copy failed again, so it is never posted twice", () => {
    const state = recordOutcomes(threeCopies(), outcomes({ xada: { kind: "delivered" } }));
    const again = recordOutcomes(state, outcomes({ xada: { kind: "failed", failure: OFFLINE } }));
    expect(again.copies[0]?.status).toBe("delivered");
    expect(pendingCopies(again).map((c) => c.target)).toEqual(["xtomas", "xmei"]);
  });

  it("keeps the reference for an edit while nothing can have arrived", () => {
    const state = recordOutcomes(
      threeCopies(),
      outcomes({ xada: { kind: "failed", failure: OFFLINE }, xtomas: { kind: "failed", failure: OFFLINE } }),
    );
    expect(nextStep({ state, inputs: "edited", newReference, now: LATER })).toEqual({
      kind: "seal",
      reference: "R-7K2M-9QXD",
      submittedAt: NOW,
    });
  });

  it("gives an edit a new reference once a copy has or may have arrived", () => {
    const delivered = recordOutcomes(threeCopies(), outcomes({ xada: { kind: "delivered" } }));
    expect(
      nextStep({ state: delivered, inputs: "edited", newReference: () => "R-EDIT", now: LATER }),
    ).toEqual({
      kind: "seal",
      reference: "R-EDIT",
      submittedAt: LATER,
    });
    const timedOut = recordOutcomes(
      threeCopies(),
      outcomes({ xmei: { kind: "timeout", failure: TIMEOUT_FAILURE } }),
    );
    expect(timedOut.copies[2]).toMatchObject({ status: "failed", maybeDelivered: true });
    expect(deliveryStatus(timedOut)).toMatchObject({ kind: "failed", failure: TIMEOUT_FAILURE });
    expect(
      nextStep({ state: timedOut, inputs: "edited", newReference: () => "R-EDIT2", now: LATER }),
    ).toMatchObject({
      reference: "R-EDIT2",
    });
  });

  it("exposes what the receipt needs: the reporter's situation, and the partial state", () => {
    const state = recordOutcomes(threeCopies(), outcomes({ xada: { kind: "delivered" } }));
    expect(state.situation).toEqual(SITUATION);
    expect(deliveryStatus(state)).toMatchObject({ kind: "partial", delivered: [{ owner: "ada" }] });
  });
});
