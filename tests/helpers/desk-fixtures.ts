import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { decryptKey, encryptKey, readPrivateKey } from "openpgp";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { padReport } from "../../src/report/pad-report.ts";
import { composeReport } from "../../src/report/report-format.ts";
import { FIELDS } from "../responder/encrypted-reports.ts";
import { EXAMPLE_CONTENT, PROJECT_ROOT } from "./content-folder.ts";

/**
 * Reports and keys for the desk's tests: the example site's demo responders (their private keys are
 * published on purpose), reports addressed to any of them, and the exports a responder downloads.
 */

/** The demo responders, by roster id: name as the report's "Sent to" says it, and key files. */
export const DEMO = {
  ada: { name: "Adaeze Okafor" },
  tomas: { name: "Tomás Rivera" },
  mei: { name: "Mei Lin Chen" },
} as const;

export type DemoId = keyof typeof DEMO;

/** A demo responder's private key file. */
export function demoPrivateKeyPath(id: DemoId): string {
  return join(PROJECT_ROOT, "demo/private-keys", `${id}.sec.asc`);
}

/** A demo responder's published public key. */
export function demoPublicKey(id: DemoId): Promise<string> {
  return readFile(join(EXAMPLE_CONTENT, "keys", `${id}.asc`), "utf8");
}

/**
 * A demo responder's private key, protected with a passphrase (the demo files have none): the same
 * key, so the roster still knows it.
 */
export async function protectedDemoKey(id: DemoId, passphrase: string): Promise<string> {
  const privateKey = await readPrivateKey({ armoredKey: await readFile(demoPrivateKeyPath(id), "utf8") });
  const unlocked = privateKey.isDecrypted() ? privateKey : await decryptKey({ privateKey, passphrase: "" });
  return (await encryptKey({ privateKey: unlocked, passphrase })).armor();
}

/**
 * A report as the form makes it, sent to some demo responders.
 *
 * @param options.reference - its reference
 * @param options.to - the responders it is sent (and encrypted) to
 * @param options.answers - answers by field id
 * @param options.submittedAt - when it was sent
 */
export async function demoReport(options: {
  reference: string;
  to: readonly DemoId[];
  answers: Record<string, string>;
  submittedAt: Date;
}): Promise<string> {
  const plaintext = padReport(
    composeReport({
      fields: FIELDS,
      answers: options.answers,
      event: "Tidewater Tech Days 2027",
      reference: options.reference,
      submittedAt: options.submittedAt,
      language: "en-GB",
      recipients: options.to.map((id) => DEMO[id].name),
    }),
  );
  return encryptReport({ plaintext, recipientKeys: await Promise.all(options.to.map(demoPublicKey)) });
}

/** A saved email (.eml) with a report in its body, as a mail client keeps it. */
export function emailWith(armored: string, reference: string): string {
  return [
    "From: Formspree <noreply@formspree.io>",
    "To: conduct@tidewater.example",
    `Subject: New submission: ${reference}`,
    "Date: Tue, 02 Mar 2027 09:15:00 +0000",
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "",
    `reference: ${reference}`,
    "",
    "ciphertext:",
    armored,
    "",
  ].join("\r\n");
}

/** A local inbox record, as `confide inbox` stores one. */
export function inboxRecord(armored: string, reference: string, receivedAt: string): string {
  return JSON.stringify({ reference, version: "1", ciphertext: armored, receivedAt, formId: "xdemoform" });
}
