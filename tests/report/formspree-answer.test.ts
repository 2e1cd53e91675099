import { describe, expect, it } from "vitest";
import { readFormspreeAnswer } from "../../src/report/formspree-answer.ts";

describe("reading Formspree's answer", () => {
  it("counts a 2xx as a delivery only when its body says ok or next", () => {
    expect(readFormspreeAnswer(200, '{"ok":true,"next":"/thanks"}')).toEqual({
      kind: "delivered",
      next: "/thanks",
    });
    expect(readFormspreeAnswer(200, '{"ok":true}')).toEqual({ kind: "delivered", next: null });
    expect(readFormspreeAnswer(200, '{"next":"/x"}')).toEqual({ kind: "delivered", next: "/x" });
  });

  it("issue 16: does not take a 2xx without ok or next for a delivery (an HTML reCAPTCHA page, an empty body)", () => {
    for (const body of ["", "<!doctype html><title>reCAPTCHA</title>", "{}", '{"ok":false}', "[]", "null"])
      expect(readFormspreeAnswer(200, body)).toEqual({ kind: "unconfirmed", status: 200 });
    expect(readFormspreeAnswer(204, "")).toEqual({ kind: "unconfirmed", status: 204 });
  });

  it("issue 16: recognises Formspree's reCAPTCHA refusal, in either error shape", () => {
    const message =
      "In order to submit via AJAX, you need to set a custom key or reCAPTCHA must be disabled in this form's settings page.";
    expect(readFormspreeAnswer(403, JSON.stringify({ error: message }))).toMatchObject({
      kind: "refused",
      recaptcha: true,
      messages: [message],
    });
    expect(
      readFormspreeAnswer(400, JSON.stringify({ errors: [{ code: "RECAPTCHA", message: "no" }] })),
    ).toMatchObject({ kind: "refused", recaptcha: true, codes: ["RECAPTCHA"] });
  });

  it("passes on the messages and codes of other refusals, and reads non-JSON bodies as none", () => {
    expect(
      readFormspreeAnswer(
        422,
        JSON.stringify({ errors: [{ code: "BLOCKED", message: "Spam" }, { nope: 1 }] }),
      ),
    ).toEqual({ kind: "refused", status: 422, messages: ["Spam"], codes: ["BLOCKED"], recaptcha: false });
    expect(readFormspreeAnswer(502, "Bad gateway")).toEqual({
      kind: "refused",
      status: 502,
      messages: [],
      codes: [],
      recaptcha: false,
    });
  });
});
