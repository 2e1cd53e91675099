import { readFileSync } from "node:fs";
import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { paddedLength, padReport } from "../../src/report/pad-report.ts";
import { type ReportField, reportSchema } from "../../src/report/report-fields.ts";
import { composeReport, parseReport, REPORT_END_MARKER } from "../../src/report/report-format.ts";

const fields: ReportField[] = reportSchema.parse(
  parseYaml(readFileSync(new URL("../../content/_data/report.yaml", import.meta.url), "utf8")),
).fields;

const bytes = (text: string) => new TextEncoder().encode(text).length;

function report(what: string): string {
  return composeReport({
    fields,
    answers: { what },
    event: "Tidewater Tech Days 2027",
    reference: "R-7K2M-9QXD",
    submittedAt: new Date("2027-06-05T14:03:27Z"),
    language: "en-GB",
    recipients: ["Adaeze Okafor"],
  });
}

describe("paddedLength", () => {
  it.each([
    [0, 4096],
    [1, 4096],
    [4095, 4096],
    [4096, 4096],
    [4097, 8192],
    [8193, 12288],
    [65535, 65536],
    [65536, 65536],
    [65537, 131072],
    [131072, 131072],
    [131073, 196608],
  ])("pads %i bytes to %i", (length, bucket) => {
    expect(paddedLength(length)).toBe(bucket);
  });

  it("refuses a length that is negative, fractional or not a number", () => {
    for (const length of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => paddedLength(length)).toThrow(RangeError);
    }
  });
});

describe("padReport", () => {
  it.each([1, 4095, 4096, 4097, 65536, 65537])("pads a %i-byte plaintext to exactly its bucket", (length) => {
    const plaintext = "a".repeat(length);
    const padded = padReport(plaintext);
    expect(padded.startsWith(plaintext)).toBe(true);
    expect(bytes(padded)).toBe(paddedLength(length));
    expect(bytes(padded) % 4096).toBe(0);
  });

  it("leaves a plaintext that is already on a bucket as it is", () => {
    const plaintext = "a".repeat(8192);
    expect(padReport(plaintext)).toBe(plaintext);
    const once = padReport("short");
    expect(padReport(once)).toBe(once);
  });

  it.each([
    ["a two-byte character ending on the bucket", `${"a".repeat(4094)}é`, 4096],
    ["a two-byte character crossing the bucket", `${"a".repeat(4095)}é`, 8192],
    ["a four-byte emoji ending on the bucket", `${"a".repeat(4092)}😀`, 4096],
    ["a four-byte emoji crossing the bucket", `${"a".repeat(4093)}😀`, 8192],
    ["three-byte CJK one byte short of the bucket", "中".repeat(1365), 4096],
    ["three-byte CJK one byte over the bucket", `${"中".repeat(1365)}ab`, 8192],
    ["right-to-left text crossing 64 KiB", "ש".repeat(32768 + 1), 131072],
  ])("counts bytes, not characters: %s", (_, plaintext, bucket) => {
    expect(bytes(padReport(plaintext))).toBe(bucket);
  });

  it("counts a lone surrogate as the three bytes of U+FFFD that TextEncoder writes for it", () => {
    const plaintext = `${"a".repeat(4093)}\uD800`;
    expect(bytes(plaintext)).toBe(4096);
    expect(padReport(plaintext)).toBe(plaintext);
  });

  it("pads every length from 0 to 9000 bytes, and seeded random lengths, to exactly the bucket", () => {
    let text = "";
    for (let length = 0; length <= 9000; length++) {
      expect(bytes(padReport(text))).toBe(paddedLength(length));
      text += "x";
    }
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const length = seed % 300_000;
      expect(bytes(padReport("y".repeat(length)))).toBe(paddedLength(length));
    }
  });

  it("pads with a newline, then lines of at most 76 spaces, and ends with a newline", () => {
    const plaintext = report("short");
    const padding = padReport(plaintext).slice(plaintext.length);
    expect(padding.length).toBeGreaterThan(76 * 3);
    expect(padding).toMatch(/^\n[ \n]+\n$/);
    for (const line of padding.split("\n")) expect(line.length).toBeLessThanOrEqual(76);
    expect(padding.split("\n")[2]).toBe(" ".repeat(76));
  });

  it("pads one or two bytes short of the bucket with newlines only", () => {
    expect(padReport("a".repeat(4095))).toBe(`${"a".repeat(4095)}\n`);
    expect(padReport("a".repeat(4094))).toBe(`${"a".repeat(4094)}\n\n`);
    expect(padReport("a".repeat(4093))).toBe(`${"a".repeat(4093)}\n \n`);
  });

  it("makes a 1-byte answer and a 4000-byte report the same length", () => {
    const short = report("x");
    const long = report("x".repeat(1 + 4000 - bytes(short)));
    expect(bytes(long)).toBe(4000);
    expect(bytes(padReport(short))).toBe(bytes(padReport(long)));
  });

  it("puts the padding after the end marker, where parseReport ignores it", () => {
    for (const what of ["x", "y".repeat(5000), "中".repeat(30000), "\\==\n== End of report =="]) {
      const plaintext = report(what);
      const padded = padReport(plaintext);
      expect(padded.lastIndexOf(REPORT_END_MARKER)).toBe(plaintext.lastIndexOf(REPORT_END_MARKER));
      expect(parseReport(padded)).toEqual(parseReport(plaintext));
      expect(parseReport(padded).kind).toBe("report");
      expect(parseReport(padded.replace(/\n/g, "\r\n")).kind).toBe("report");
    }
  });

  it("hides the report's length in the ciphertext when encrypted as binary data", async () => {
    // Binary, because openpgp.js turns each LF of a text message into CRLF, which would leak the line count.
    const { publicKey } = await openpgp.generateKey({ userIDs: [{ name: "Test" }], format: "object" });
    const encrypt = async (plaintext: string) =>
      (
        await openpgp.encrypt({
          message: await openpgp.createMessage({ binary: new TextEncoder().encode(padReport(plaintext)) }),
          encryptionKeys: publicKey,
          format: "binary",
        })
      ).length;
    const lengths = await Promise.all(
      [report("x"), report("line\n".repeat(600)), report("中".repeat(1000))].map(encrypt),
    );
    expect(new Set(lengths).size).toBe(1);
  });
});
