import { readMessage } from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import {
  describeLocation,
  findArmoredBlocks,
  findMessages,
  MAX_JSON_SEARCH_DEPTH,
} from "../../src/responder/find-messages.ts";
import { encryptedReport, referenceFor } from "./encrypted-reports.ts";

let first: string;
let second: string;

beforeAll(async () => {
  first = await encryptedReport({ reference: referenceFor(1) });
  second = await encryptedReport({ reference: referenceFor(2) });
});

/** The message with its base64 in lines of 100 characters, longer than a mail line may be. */
function longLines(armored: string): string {
  const base64 = body(armored);
  return `-----BEGIN PGP MESSAGE-----\n\n${base64.match(/.{1,100}/g)?.join("\n")}\n-----END PGP MESSAGE-----\n`;
}

/** The base64 inside an armored message, without line breaks: equal for a message and its re-armored copy. */
function body(armored: string): string {
  return armored
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("-----") && !/^[A-Za-z-]+: /.test(line))
    .join("");
}

/**
 * Quoted-printable, as a mail server may write it: "=" as =3D, "-" as =2D (any character may be
 * encoded), lines cut before 76 with a soft line break "=".
 */
function quotedPrintable(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      let out = "";
      let width = 0;
      const encoded = line.replaceAll("=", "=3D").replaceAll("-", "=2D");
      for (const token of encoded.match(/=[0-9A-F]{2}|[\s\S]/g) ?? []) {
        if (width + token.length > 75) {
          out += "=\n";
          width = 0;
        }
        out += token;
        width += token.length;
      }
      return out;
    })
    .join("\n");
}

describe("findArmoredBlocks", () => {
  it("re-armors a block that was quoted in a reply, indented, and given armor headers", async () => {
    const quoted = first
      .trimEnd()
      .split("\n")
      .map((line, i) => (i === 1 ? "Version: Mailvelope v5\n> " : `> > ${line}`))
      .join("\n");
    const blocks = findArmoredBlocks(`On Friday Ada wrote:\n${quoted}\n> thanks`);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.complete).toBe(true);
    expect(body(blocks[0]?.armored ?? "")).toBe(body(first));
    await expect(readMessage({ armoredMessage: blocks[0]?.armored ?? "" })).resolves.toBeDefined();
  });

  it("undoes JSON string escapes in a block copied out of a JSON file", () => {
    const copied = JSON.stringify({ ciphertext: first }).replaceAll("/", "\\/");
    expect(copied).toContain("\\n");
    expect(copied).toContain("\\/");
    const blocks = findArmoredBlocks(copied);
    expect(body(blocks[0]?.armored ?? "")).toBe(body(first));
  });

  it("marks a block without its END line as incomplete", () => {
    const cut = first.slice(0, first.indexOf("-----END"));
    expect(findArmoredBlocks(`${cut}\n${second}`).map((block) => block.complete)).toEqual([false, true]);
  });
});

describe("findMessages", () => {
  it("finds the one message of an armored file", () => {
    const found = findMessages({ text: first, source: "report.asc" });
    expect(found.format).toBe("text");
    expect(found.messages).toHaveLength(1);
    expect(found.messages[0]).toMatchObject({ source: "report.asc", format: "text", row: 1 });
    expect(body(found.messages[0]?.armored ?? "")).toBe(body(first));
  });

  it("numbers the messages in pasted text and takes a lone reference next to a lone message", () => {
    const one = findMessages({ text: `Reference: ${referenceFor(1)}\n\n${first}`, source: "stdin" });
    expect(one.messages[0]?.reference).toBe(referenceFor(1));
    const two = findMessages({ text: `${first}\nand also\n${second}`, source: "stdin" });
    expect(two.messages.map((message) => message.row)).toEqual([1, 2]);
    expect(two.messages.map((message) => message.reference)).toEqual([undefined, undefined]);
  });

  it("reads a CSV export by its header names: ciphertext, reference and date columns among others", () => {
    const csv = [
      "Submitted At,page,Reference,encrypted",
      `2027-03-01 12:00,/report/,${referenceFor(1)},"${first}"`,
      "2027-03-01 12:05,/report/,,",
      `2027-03-01 12:10,/report/,${referenceFor(2)},"${second}"`,
      "2027-03-01 12:15,/report/,R-XXXX-XXXX,not encrypted at all",
    ].join("\r\n");
    const found = findMessages({ text: csv, source: "export.csv" });
    expect(found.format).toBe("csv");
    expect(found.messages.map(({ row, reference, receivedAt }) => ({ row, reference, receivedAt }))).toEqual([
      { row: 2, reference: referenceFor(1), receivedAt: "2027-03-01 12:00" },
      { row: 4, reference: referenceFor(2), receivedAt: "2027-03-01 12:10" },
    ]);
    // Row 3 has no ciphertext; row 5 holds a submission that was not encrypted.
    expect(found.skipped.map((entry) => entry.row)).toEqual([3, 5]);
  });

  it("tells a CSV from its content when the file name has no extension", () => {
    const csv = `reference,ciphertext\n${referenceFor(1)},"${first}"\n`;
    const found = findMessages({ text: csv, source: "download" });
    expect(found.format).toBe("csv");
    expect(found.messages[0]?.row).toBe(2);
  });

  it("reads a Formspree JSON export, numbering submissions by their place in the list", () => {
    const json = JSON.stringify({
      fields: ["_date", "ciphertext", "reference"],
      submissions: [
        { _date: "2027-03-01T12:00:00.123456", ciphertext: first, reference: referenceFor(1) },
        { _date: "2027-03-01T12:01:00", message: "spam, not encrypted" },
        { _date: "2027-03-01T12:02:00", data: { ciphertext: second }, reference: referenceFor(2) },
      ],
    });
    const found = findMessages({ text: json, source: "export.json" });
    expect(found.format).toBe("json");
    expect(found.messages.map(({ row, reference, receivedAt }) => ({ row, reference, receivedAt }))).toEqual([
      { row: 1, reference: referenceFor(1), receivedAt: "2027-03-01T12:00:00.123456" },
      { row: 3, reference: referenceFor(2), receivedAt: "2027-03-01T12:02:00" },
    ]);
    expect(found.skipped.map((entry) => entry.row)).toEqual([2]);
  });

  it("reads a local inbox record", () => {
    const record = {
      reference: referenceFor(1),
      version: "1",
      ciphertext: first,
      receivedAt: "2027-03-01T12:00:00.000Z",
      formId: "demo",
    };
    const found = findMessages({ text: JSON.stringify(record, null, 2), source: ".inbox/a.json" });
    expect(found.messages).toHaveLength(1);
    expect(found.messages[0]).toMatchObject({
      row: 1,
      reference: referenceFor(1),
      receivedAt: "2027-03-01T12:00:00.000Z",
    });
  });

  it("decodes a quoted-printable email with text and HTML parts, and finds its message once", () => {
    const html = `<p>ciphertext:<br>${first.replaceAll("\n", "<br>\n")}</p><p>reference: ${referenceFor(1)}</p>`;
    const email = [
      "From: Formspree <noreply@formspree.io>",
      "To: responders@example.org",
      "Subject: New submission from Report",
      "Date: Mon, 01 Mar 2027 12:00:05 +0000",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      quotedPrintable(`ciphertext:\n${longLines(first)}\nreference: ${referenceFor(1)}\n`),
      "--b1",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from(html).toString("base64").replace(/.{76}/g, "$&\r\n"),
      "--b1--",
      "",
    ].join("\r\n");
    const found = findMessages({ text: email, source: "notification.eml" });
    expect(found.format).toBe("email");
    expect(found.messages).toHaveLength(1);
    expect(found.messages[0]).toMatchObject({
      row: 1,
      reference: referenceFor(1),
      receivedAt: "2027-03-01T12:00:05.000Z",
    });
    expect(body(found.messages[0]?.armored ?? "")).toBe(body(first));
  });

  it("reads an email whose only part is base64-encoded HTML", () => {
    const html = `<div>ciphertext:<br/>${first.replaceAll("\n", "<br/>")}</div>`;
    const email = [
      "From: Formspree <noreply@formspree.io>",
      "Subject: New submission",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from(html).toString("base64"),
    ].join("\n");
    const found = findMessages({ text: email, source: "mail" });
    expect(found.format).toBe("email");
    expect(body(found.messages[0]?.armored ?? "")).toBe(body(first));
  });

  it("reads an email saved from an mbox, with its From line first", () => {
    const email = `From noreply@formspree.io Mon Mar  1 12:00:05 2027\nFrom: noreply@formspree.io\nSubject: New\n\n${first}`;
    const found = findMessages({ text: email, source: "saved" });
    expect(found.format).toBe("email");
    expect(found.messages).toHaveLength(1);
  });

  it("marks a message cut short as damaged before any decryption", () => {
    const found = findMessages({ text: first.slice(0, 2000), source: "cut.asc" });
    expect(found.messages[0]?.damage).toBe("the message is cut short: its END PGP MESSAGE line is missing");
  });

  it("finds nothing in text without an armored message", () => {
    expect(findMessages({ text: "hello\n", source: "note.txt" }).messages).toEqual([]);
  });

  it("issue 10: reads JSON nested 100,000 levels deep without overflowing the stack, and says so", () => {
    const depth = 100_000;
    const text = `[{"ciphertext": ${JSON.stringify(first)}}, ${"[".repeat(depth)}${"]".repeat(depth)}]`;
    const found = findMessages({ text, source: "deep.json" });
    expect(found.messages).toHaveLength(1);
    expect(found.problems).toEqual([
      `it nests deeper than ${MAX_JSON_SEARCH_DEPTH} levels; what lies deeper was not searched`,
    ]);
  });
});

describe("describeLocation", () => {
  it("names the row of a CSV, the submission of a JSON export and the message of a text", () => {
    expect(describeLocation({ source: "e.csv", format: "csv", row: 17 })).toBe("e.csv row 17");
    expect(describeLocation({ source: "e.json", format: "json", row: 3 })).toBe("e.json submission 3");
    expect(describeLocation({ source: "m.eml", format: "email", row: 1 })).toBe("m.eml message 1");
  });
});
