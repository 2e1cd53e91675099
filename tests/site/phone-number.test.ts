import { describe, expect, it } from "vitest";
import { telHref } from "../../src/site/html.ts";
import { phoneNumberProblem } from "../../src/site/phone-number.ts";

describe("phoneNumberProblem", () => {
  it("passes numbers as people write them, whose link dials what they show", () => {
    for (const number of [
      "999",
      "116 123",
      "07700 900123",
      "+44 7700 900123",
      "(020) 7946-0000",
      "+1 212.555.0100",
    ])
      expect(phoneNumberProblem(number), number).toBeNull();
  });

  it("issue 14: refuses two numbers in one, words, and a number with no digits, saying what the link would dial", () => {
    expect(phoneNumberProblem("999 or 112")?.message).toBe(
      '"999 or 112" is not just a phone number: its link would dial 999112.',
    );
    expect(telHref("999 or 112")).toBe("tel:999112");
    // The link keeps every "+": the message says what it dials, plus signs included.
    const mixed = "999 or +44 20 7946 0000";
    expect(phoneNumberProblem(mixed)?.message).toBe(
      `"${mixed}" is not just a phone number: its link would dial ${telHref(mixed).slice(4)}.`,
    );
    expect(telHref(mixed)).toBe("tel:999+442079460000");
    expect(phoneNumberProblem("nine nine nine")?.message).toBe(
      '"nine nine nine" is not just a phone number: its link would dial nothing.',
    );
    expect(phoneNumberProblem("07700 900456 (evenings)")?.fix).toMatch(
      /^Write one number, as people dial it/,
    );
    expect(phoneNumberProblem("999 / 112 / 911 / 000 / 111 222")?.message).toMatch(/^"999 \/ 112/);
  });

  it('issue 14: refuses "(0)" after a country code, with the number to write instead', () => {
    expect(phoneNumberProblem("+44 (0)20 7946 0000")).toEqual({
      message:
        '"+44 (0)20 7946 0000" has "(0)" after the country code: its link would dial the 0 too, which reaches no one from abroad.',
      fix: 'Leave out the "(0)": "+44 20 7946 0000".',
    });
    expect(phoneNumberProblem("(0) 20 7946 0000")).toBeNull();
  });

  it("refuses more digits than any phone number has", () => {
    expect(phoneNumberProblem("0044 20 7946 0000 0000")?.message).toMatch(
      /has 18 digits, more than any phone number/,
    );
  });
});
