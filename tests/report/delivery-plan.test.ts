import { describe, expect, it } from "vitest";
import { planDelivery } from "../../src/report/delivery-plan.ts";

const ada = { id: "ada", inbox: "xada" };
const tomas = { id: "tomas", inbox: "xtomas" };
const mei = { id: "mei", inbox: null };
const receiving = [ada, tomas, mei];

describe("the delivery plan", () => {
  it("issue 16: sends one copy for everyone to the team inbox when everyone is kept", () => {
    expect(planDelivery({ receiving, chosen: ["mei", "ada", "tomas"], teamFormId: "xteam" })).toEqual({
      kind: "team",
      copies: [{ target: "xteam", owner: null, readers: ["ada", "tomas", "mei"] }],
    });
  });

  it("issue 16: sends one copy per chosen responder to their personal inbox when someone is left out", () => {
    const kept = [ada, tomas, { id: "mei", inbox: "xmei" }];
    expect(planDelivery({ receiving: kept, chosen: new Set(["ada", "mei"]), teamFormId: "xteam" })).toEqual({
      kind: "personal",
      copies: [
        { target: "xada", owner: "ada", readers: ["ada"] },
        { target: "xmei", owner: "mei", readers: ["mei"] },
      ],
      unreachable: [],
    });
  });

  it("issue 16: names the chosen responders without a personal inbox, who cannot receive such a report", () => {
    const plan = planDelivery({ receiving, chosen: ["ada", "mei"], teamFormId: "xteam" });
    expect(plan).toMatchObject({ kind: "personal", unreachable: ["mei"] });
    expect(plan.kind !== "impossible" && plan.copies.map((c) => c.target)).toEqual(["xada"]);
    expect(planDelivery({ receiving, chosen: ["mei"], teamFormId: "xteam" })).toEqual({
      kind: "impossible",
      unreachable: ["mei"],
    });
  });

  it("is impossible with nobody chosen, and refuses unknown options", () => {
    expect(planDelivery({ receiving, chosen: [], teamFormId: "xteam" })).toEqual({
      kind: "impossible",
      unreachable: [],
    });
    expect(() =>
      planDelivery({ receiving, chosen: [], teamFormId: "x", extra: 1 } as Parameters<
        typeof planDelivery
      >[0]),
    ).toThrow(/unknown option extra/);
  });
});
