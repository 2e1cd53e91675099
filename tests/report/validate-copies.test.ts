import { describe, expect, it } from "vitest";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { isFanOutBody, validateCopies } from "../../src/report/validate-copies.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";
import { encryptionKeyIdsOfKey } from "../helpers/recipient-packets.ts";

const REFERENCE = "R-7K2M-9QXD";
const TARGETS = ["xadaform", "xmeiform", "xtomform"];

const key = (await fixtureKey("gpg-ed25519")).armored;
const [first, second, third] = await Promise.all(
  ["first copy", "second copy", "third copy"].map((plaintext) =>
    encryptReport({ plaintext, recipientKeys: [key], hideRecipients: true, now: NOW }),
  ),
);

/** A fan-out body as the form posts it in hook mode. */
function fanOut(copies: unknown, extra: Record<string, unknown> = {}) {
  return { copies, reference: REFERENCE, version: "2", _gotcha: "", ...extra };
}

/** The one error of an invalid answer: status and code (and the message, which the reporter sees). */
async function refusal(body: unknown, targets = TARGETS) {
  const result = await validateCopies(body, { targets });
  if (result.kind !== "invalid") throw new Error("expected the body to be refused");
  expect(result.errors).toHaveLength(1);
  return { status: result.status, code: result.errors[0]?.code, message: result.errors[0]?.message ?? "" };
}

describe("isFanOutBody", () => {
  it("is true for an object with copies, and false for a single submission or anything else", () => {
    expect(isFanOutBody({ copies: [] })).toBe(true);
    expect(isFanOutBody({ copies: undefined })).toBe(true);
    expect(isFanOutBody({ ciphertext: "x", reference: REFERENCE })).toBe(false);
    for (const other of [null, undefined, "copies", 1, [], [{ copies: [] }]])
      expect(isFanOutBody(other)).toBe(false);
  });
});

describe("validateCopies", () => {
  it("accepts one copy per chosen inbox and gives each its submission under the shared reference", async () => {
    const result = await validateCopies(
      fanOut([
        { to: "xmeiform", ciphertext: first },
        { to: "xadaform", ciphertext: second },
      ]),
      { targets: TARGETS },
    );
    expect(result).toEqual({
      kind: "valid",
      copies: [
        {
          to: "xmeiform",
          submission: { ciphertext: first, reference: REFERENCE, version: "2", _gotcha: "" },
        },
        {
          to: "xadaform",
          submission: { ciphertext: second, reference: REFERENCE, version: "2", _gotcha: "" },
        },
      ],
    });
  });

  it("accepts as many copies as there are inboxes, and no more", async () => {
    const all = [first, second, third].map((ciphertext, index) => ({ to: TARGETS[index], ciphertext }));
    expect((await validateCopies(fanOut(all), { targets: TARGETS })).kind).toBe("valid");
    expect(await refusal(fanOut(all), TARGETS.slice(0, 2))).toMatchObject({
      status: 400,
      code: "INVALID_COPIES",
    });
  });

  it("refuses a body that is not a fan-out, or whose copies are missing, empty or not a list", async () => {
    expect(await refusal({ ciphertext: first, reference: REFERENCE, version: "2" })).toEqual({
      status: 400,
      code: "INVALID_BODY",
      message:
        "The report did not arrive as the form sends it, so it was not accepted: nothing was stored. Reload the report page and send the report again.",
    });
    for (const copies of [[], "copies", { to: "xadaform", ciphertext: first }, null])
      expect(await refusal(fanOut(copies))).toMatchObject({ status: 400, code: "INVALID_COPIES" });
  });

  it("refuses a ciphertext beside the copies, which the team inbox would otherwise read", async () => {
    expect(
      await refusal(fanOut([{ to: "xadaform", ciphertext: first }], { ciphertext: second })),
    ).toMatchObject({
      status: 400,
      code: "UNKNOWN_FIELD",
      message: expect.stringContaining("carried a ciphertext besides its copies"),
    });
  });

  it("refuses a copy that is not an object, or that carries any field besides to and ciphertext", async () => {
    for (const copy of [null, "xadaform", [first], 7])
      expect(await refusal(fanOut([copy]))).toMatchObject({ status: 400, code: "INVALID_COPIES" });
    expect(await refusal(fanOut([{ to: "xadaform", ciphertext: first, name: "Ada Example" }]))).toMatchObject(
      {
        status: 400,
        code: "UNKNOWN_FIELD",
        message: expect.stringContaining("other than to and ciphertext"),
      },
    );
  });

  it("refuses a copy addressed to an inbox the build does not know, or one that is not a string", async () => {
    for (const to of ["xteamform", "", "XADAFORM", 42, undefined, "__proto__", "constructor"])
      expect(await refusal(fanOut([{ to, ciphertext: first }]))).toMatchObject({
        status: 422,
        code: "UNKNOWN_INBOX",
      });
  });

  it("refuses two copies to the same inbox", async () => {
    expect(
      await refusal(
        fanOut([
          { to: "xadaform", ciphertext: first },
          { to: "xadaform", ciphertext: second },
        ]),
      ),
    ).toMatchObject({ status: 422, code: "DUPLICATE_COPY" });
  });

  it("checks each copy as a submission, and forwards nothing when one copy is invalid", async () => {
    const result = await validateCopies(
      fanOut([
        { to: "xadaform", ciphertext: first },
        { to: "xmeiform", ciphertext: "the plaintext of the report" },
      ]),
      { targets: TARGETS },
    );
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid")
      expect(result.errors.map((error) => error.code)).toEqual(["NOT_ENCRYPTED"]);
  });

  it("checks the shared reference, version and honeypot once for every copy", async () => {
    const copies = [{ to: "xadaform", ciphertext: first }];
    const codes = async (extra: Record<string, unknown>) => {
      const result = await validateCopies(fanOut(copies, extra), { targets: TARGETS });
      return result.kind === "invalid" ? result.errors.map((error) => error.code) : [];
    };
    expect(await codes({ reference: "R-0000-000" })).toEqual(["INVALID_REFERENCE"]);
    expect(await codes({ version: "99" })).toEqual(["UNSUPPORTED_VERSION"]);
    expect(await codes({ _gotcha: "filled by a bot" })).toEqual(["BLOCKED"]);
    expect(await codes({ email: "reporter@example.org" })).toEqual(["UNKNOWN_FIELD"]);
  });

  it("passes the submission options on: a visible recipient is refused unless its key id is known", async () => {
    const visible = await encryptReport({ plaintext: "visible", recipientKeys: [key], now: NOW });
    const body = fanOut([{ to: "xadaform", ciphertext: visible }]);
    expect((await validateCopies(body, { targets: TARGETS })).kind).toBe("invalid");
    const receivingKeyIds = await encryptionKeyIdsOfKey(key);
    expect((await validateCopies(body, { targets: TARGETS, receivingKeyIds })).kind).toBe("valid");
    await expect(validateCopies(body, { targets: TARGETS, wildcard: true } as never)).rejects.toThrow(
      /wildcard/,
    );
  });
});
