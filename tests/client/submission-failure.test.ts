import { describe, expect, it } from "vitest";
import { FAILURE_TEXT, failureOfAnswer, TIMEOUT_FAILURE } from "../../src/client/submission-failure.ts";
import { SHIPPED_UI_LANGUAGES, shippedUiSource } from "../../src/i18n/shipped-ui-strings.ts";
import { UI_KEYS } from "../../src/i18n/ui-strings.ts";
import { readFormspreeAnswer } from "../../src/report/formspree-answer.ts";

/** The failure the reporter is told about for one answer (never a delivery here). */
function failureOf(status: number, body: unknown) {
  const answer = readFormspreeAnswer(status, typeof body === "string" ? body : JSON.stringify(body));
  if (answer.kind === "delivered") throw new Error("a delivery is not a failure");
  return failureOfAnswer(answer);
}

describe("failureOfAnswer", () => {
  it("tells a busy inbox, a server failure and a refusal, keeping what the inbox said", () => {
    expect(failureOf(429, { errors: [{ code: "RATE_LIMITED", message: "Too many reports." }] })).toEqual({
      kind: "rate-limited",
      detail: "Too many reports.",
    });
    expect(failureOf(502, { errors: [{ message: "The inbox refused it." }] })).toEqual({
      kind: "server",
      detail: "The inbox refused it.",
    });
    expect(failureOf(422, { errors: [{ code: "NOT_ENCRYPTED", message: "Not encrypted." }] })).toEqual({
      kind: "refused",
      detail: "Not encrypted.",
    });
    expect(failureOf(400, "")).toEqual({ kind: "refused", detail: null });
  });

  it("issue 16: says a 2xx that did not confirm the report is not a delivery, and names reCAPTCHA", () => {
    expect(failureOf(200, "<!doctype html>")).toEqual({ kind: "unconfirmed", detail: null });
    expect(
      failureOf(403, { error: "reCAPTCHA must be disabled in this form's settings page." }),
    ).toMatchObject({
      kind: "recaptcha",
    });
  });

  it("has a UI string for every kind of failure, the timeout included", () => {
    expect(TIMEOUT_FAILURE.kind).toBe("timeout");
    for (const key of Object.values(FAILURE_TEXT)) expect(UI_KEYS, key).toContain(key);
  });

  it("issue 13: after a timeout promises what every inbox keeps (the same report under the same reference), not that no second copy is sent", async () => {
    // Formspree, posted to straight from the browser, stores a repeated post again: a retry after a
    // timeout or an unconfirmed answer can make a second, identical copy there.
    const wordsOf = async (tag: string) => {
      const form = ((await shippedUiSource({ tag }))?.value as { form?: Record<string, string> }).form ?? {};
      return [form.failure_timeout ?? "", form.retry_option ?? ""];
    };
    for (const words of await wordsOf("en")) {
      expect(words).toContain("the same report under the same reference");
      expect(words).not.toMatch(/second copy/);
    }
    const promisedBefore = { es: /no llegará dos veces|segunda copia/, ar: /نسخة ثانية/ };
    for (const tag of SHIPPED_UI_LANGUAGES.filter((tag) => tag !== "en"))
      for (const words of await wordsOf(tag)) expect(words, tag).not.toMatch(promisedBefore[tag]);
  });
});
