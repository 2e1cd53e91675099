import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ciphertextDigest, decideDelivery } from "../../src/hook/submission-identity.ts";

describe("decideDelivery", () => {
  it("delivers the first text under a reference as version 1", () => {
    expect(decideDelivery([], "a")).toEqual({ kind: "deliver", revision: 1 });
  });

  it("issue 10: delivers another text under a known reference as the next version, never drops it", () => {
    expect(decideDelivery(["a"], "b")).toEqual({ kind: "deliver", revision: 2 });
    expect(decideDelivery(["a", "b"], "c")).toEqual({ kind: "deliver", revision: 3 });
  });

  it("calls the same text again a retry of the version it was", () => {
    expect(decideDelivery(["a", "b"], "a")).toEqual({ kind: "retry", revision: 1 });
    expect(decideDelivery(["a", "b"], "b")).toEqual({ kind: "retry", revision: 2 });
  });
});

describe("ciphertextDigest", () => {
  it("is the hex SHA-256 of the ciphertext's UTF-8 bytes", async () => {
    const text = "-----BEGIN PGP MESSAGE-----\n\nwV4Dé\n-----END PGP MESSAGE-----\n";
    expect(await ciphertextDigest(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
  });
});
