import { describe, expect, it } from "vitest";
import { looksLikeEmail, readEmail } from "../../src/responder/email-text.ts";

const ARMOR = "-----BEGIN PGP MESSAGE-----\n\nwV4DAAAAAAAAAAASAQdA\n-----END PGP MESSAGE-----";

describe("looksLikeEmail", () => {
  it("knows an email by its header lines up to a blank line, one of them a header every email has", () => {
    expect(looksLikeEmail("From: forms@formspree.io\nSubject: New submission\n\nbody")).toBe(true);
    expect(
      looksLikeEmail("From someone@example.org Sat Mar  1 10:00:00 2027\nTo: a@example.org\n\nbody"),
    ).toBe(true);
    expect(looksLikeEmail("Received: from x\n\tby y\nDate: Sat, 1 Mar 2027 10:00:00 +0000\n\nbody")).toBe(
      true,
    );
  });

  it("does not take pasted text, an armored report or unknown headers for an email", () => {
    expect(looksLikeEmail(ARMOR)).toBe(false);
    expect(looksLikeEmail("Note: this is mine\nAnother: line\n\nbody")).toBe(false);
    expect(looksLikeEmail("Subject: no blank line after the headers")).toBe(false);
    expect(looksLikeEmail("hello\nFrom: x\n\nbody")).toBe(false);
    expect(looksLikeEmail("")).toBe(false);
  });
});

describe("readEmail", () => {
  it("decodes a quoted-printable body (soft line breaks, UTF-8 bytes) and reads the date as UTC", () => {
    const email = [
      "From: forms@formspree.io",
      "Date: Sat, 01 Mar 2027 12:30:00 +0200",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Tom=C3=A1s, a new re=",
      "port arrived: =3D done",
    ].join("\r\n");
    expect(readEmail(email)).toEqual({
      texts: ["Tomás, a new report arrived: = done"],
      date: "2027-03-01T10:30:00.000Z",
    });
  });

  it("walks nested multiparts and a forwarded message, decoding a base64 attachment and turning HTML into text", () => {
    const attachment = btoa(`${ARMOR}\n`);
    const email = [
      "From: ada@example.org",
      "Subject: Fwd: report",
      'Content-Type: multipart/mixed; boundary="outer"',
      "",
      "--outer",
      'Content-Type: multipart/alternative; boundary="inner"',
      "",
      "--inner",
      "Content-Type: text/plain",
      "",
      "See below.",
      "--inner",
      "Content-Type: text/html",
      "",
      "<p>See&nbsp;below &amp; <b>act</b>.</p><script>alert(1)</script><br>&#x41;&#66;",
      "--inner--",
      "--outer",
      "Content-Type: application/pgp-encrypted; name=encrypted.asc",
      "Content-Transfer-Encoding: base64",
      "",
      attachment,
      "--outer",
      "Content-Type: message/rfc822",
      "",
      "From: forms@formspree.io",
      "Content-Type: text/plain",
      "",
      "The forwarded notification.",
      "--outer--",
    ].join("\n");
    const { texts, date } = readEmail(email);
    expect(date).toBeUndefined();
    expect(texts).toEqual([
      "See below.",
      "See below & act.\n\nAB",
      `${ARMOR}\n`,
      "The forwarded notification.",
    ]);
  });

  it("never throws on what it is given: bad base64, unknown charsets, a bad date, endless nesting", () => {
    const badBase64 = "Content-Transfer-Encoding: base64\nDate: yesterday\n\n%%%";
    expect(readEmail(badBase64).texts).toHaveLength(1);
    expect(readEmail(badBase64).date).toBeUndefined();
    expect(readEmail("Content-Type: text/plain; charset=x-no-such\n\nplain text").texts).toEqual([
      "plain text",
    ]);

    let nested = "innermost";
    for (let depth = 0; depth < 200; depth++)
      nested = `Content-Type: multipart/mixed; boundary="b${depth}"\n\n--b${depth}\n${nested}\n--b${depth}--`;
    expect(() => readEmail(`From: x@example.org\n${nested}`)).not.toThrow();
  });
});
