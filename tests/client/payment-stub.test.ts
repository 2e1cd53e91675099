import { describe, expect, it } from "vitest";
import { CardElement, Elements, loadStripe, useElements } from "../../src/client/payment-stub.ts";

describe("the payment stub", () => {
  it("fails loudly, naming the missing payment code, if anything ever calls Stripe", async () => {
    await expect(loadStripe()).rejects.toThrow(/bundled without Stripe/);
    for (const stand of [CardElement, Elements, useElements])
      expect(() => stand()).toThrow(/bundled without Stripe/);
  });
});
