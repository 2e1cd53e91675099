import { describe, expect, it } from "vitest";
import { COPIES_FIELD, SUBMISSION_FIELDS, type Submission } from "../../src/report/submission.ts";

// The submission contract is a wire format: the deployed form, Formspree, the hook and the inbox all
// read these names, so a rename here is a breaking change and must be a deliberate one.
describe("the submission contract", () => {
  it("names exactly four fields: the ciphertext, the reference, the format version and Formspree's honeypot", () => {
    expect(SUBMISSION_FIELDS).toEqual({
      ciphertext: "ciphertext",
      reference: "reference",
      version: "version",
      honeypot: "_gotcha",
    });
  });

  it("carries nothing that could identify the reporter or the responders", () => {
    const names: string[] = [...Object.values(SUBMISSION_FIELDS), COPIES_FIELD];
    for (const forbidden of ["email", "_replyto", "name", "_subject", "message", "responders", "to"])
      expect(names, `issue 13: the posted body must never carry ${forbidden}`).not.toContain(forbidden);
  });

  it("keeps the fan-out's copies under a name that is none of a single submission's", () => {
    expect(COPIES_FIELD).toBe("copies");
    expect(Object.values(SUBMISSION_FIELDS)).not.toContain(COPIES_FIELD);
  });

  it("types a body with exactly the contract's field names", () => {
    const body: Submission = {
      ciphertext: "-----BEGIN PGP MESSAGE-----",
      reference: "R-7K2M-9QXD",
      version: "2",
      _gotcha: "",
    };
    expect(Object.keys(body).sort()).toEqual(Object.values(SUBMISSION_FIELDS).sort());
  });
});
