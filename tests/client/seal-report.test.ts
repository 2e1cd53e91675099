import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { parsedKey, sealReport } from "../../src/client/seal-report.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { planDelivery } from "../../src/report/delivery-plan.ts";
import {
  dearmorMessage,
  listPackets,
  PACKET_TAG,
  type RecipientPacket,
  recipientPackets,
} from "../../src/report/message-packets.ts";
import { type RecipientOption, reportFormProps } from "../../src/site/report-form-props.ts";
import { EXAMPLE_CONTENT, NOW, PROJECT_ROOT } from "../helpers/content-folder.ts";
import { decryptWithOpenpgp, demoPrivateKey } from "../helpers/report-site.ts";

/**
 * Issue 16: what the ciphertext shows of the reporter's choice. With visible ids (the default) each copy
 * names exactly its readers' keys; with `recipients: hidden`, every copy of every choice has the same
 * packets: count, algorithms, order and length bucket.
 */

let recipients: RecipientOption[];
let fields: Parameters<typeof sealReport>[0]["fields"];
const ANSWERS = { what: "Someone followed me to the stairs.", ongoing: "No" };

beforeAll(async () => {
  const { content } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW });
  if (!content) throw new Error("the example content does not load");
  const language = content.languages[0];
  if (!language) throw new Error("the example has no language");
  const props = reportFormProps(language, {
    eventName: "Tidewater Tech Days 2027",
    now: NOW,
  });
  fields = props.fields;
  // Every receiving responder gets a personal inbox, so every choice can be sent.
  recipients = props.recipients.map((r) => ({ ...r, inbox: `x${r.id}inbox` }));
});

/** Every non-empty choice of the example's receiving responders. */
function choices(): string[][] {
  const ids = recipients.map((r) => r.id);
  const all: string[][] = [];
  for (let mask = 1; mask < 1 << ids.length; mask++) all.push(ids.filter((_, i) => mask & (1 << i)));
  return all;
}

async function seal(chosenIds: readonly string[], hideRecipients: boolean) {
  const plan = planDelivery({ receiving: recipients, chosen: chosenIds, teamFormId: "xteam" });
  if (plan.kind === "impossible") throw new Error("every choice can be sent here");
  const sealed = await sealReport({
    fields,
    answers: ANSWERS,
    eventName: "Tidewater Tech Days 2027",
    reference: "R-7K2M-9QXD",
    submittedAt: NOW,
    language: "en",
    chosen: recipients.filter((r) => chosenIds.includes(r.id)),
    copies: plan.copies,
    places: recipients,
    usable: recipients,
    hideRecipients,
  });
  return { plan, sealed };
}

interface PacketSummary {
  tag: number;
  length: number;
  sessionKey?: RecipientPacket;
}

/** The top-level packets, as the project's own packet walk (src/report/message-packets.ts) reads them. */
function packetsOf(armored: string): PacketSummary[] | null {
  const dearmored = dearmorMessage(armored);
  if (dearmored.kind !== "binary") return null;
  const frames = listPackets(dearmored.bytes);
  const recipients = recipientPackets(dearmored.bytes);
  if (!frames || !recipients) return null;
  let next = 0;
  return frames.map((frame) => ({
    tag: frame.tag,
    length: frame.end - frame.start,
    ...(frame.tag === PACKET_TAG.publicKeyEncryptedSessionKey ? { sessionKey: recipients[next++] } : {}),
  }));
}

/** What an observer without a key can compare: tags, session-key versions, algorithms, ids, sizes. */
function shape(packets: PacketSummary[]) {
  return packets.map((packet) => ({
    tag: packet.tag,
    version: packet.sessionKey?.version,
    keyId: packet.sessionKey?.keyId,
    algorithm: packet.sessionKey?.algorithm,
    // RSA ciphertexts are an MPI whose leading zero bits are dropped: a byte or two either way.
    bucket: Math.ceil(packet.length / 16),
  }));
}

async function encryptionKeyIds(recipient: RecipientOption): Promise<string[]> {
  const key = await openpgp.readKey({ armoredKey: recipient.armoredKey });
  return (await key.getEncryptionKey(undefined, NOW).then((k) => [k.getKeyID().toHex()])) as string[];
}

describe("sealing a report", () => {
  it("issue 16: names the readers' keys by default, so every mail client finds its key", async () => {
    for (const chosen of choices()) {
      const { plan, sealed } = await seal(chosen, false);
      expect(sealed.copies.map((c) => c.target)).toEqual(plan.copies.map((c) => c.target));
      for (const [index, copy] of sealed.copies.entries()) {
        const readers = recipients.filter((r) => plan.copies[index]?.readers.includes(r.id));
        const packets = packetsOf(copy.ciphertext) ?? [];
        const named = packets.flatMap((p: PacketSummary) => (p.sessionKey ? [p.sessionKey.keyId] : []));
        const expected = (await Promise.all(readers.map(encryptionKeyIds))).flat();
        expect(named).toEqual(expected);
      }
    }
  });

  it("issue 16: in hidden mode gives every copy of every choice the same packets (count, algorithms, order, length bucket)", async () => {
    const shapes: Array<{ chosen: string; shape: ReturnType<typeof shape>; length: number }> = [];
    for (const chosen of choices()) {
      const { sealed } = await seal(chosen, true);
      for (const copy of sealed.copies) {
        const packets = packetsOf(copy.ciphertext);
        expect(packets).not.toBeNull();
        shapes.push({
          chosen: chosen.join("+"),
          shape: shape(packets ?? []),
          length: Math.ceil(copy.ciphertext.length / 64),
        });
      }
    }
    // 7 choices of 3 responders: 1 team copy + 3×1 + 3×2 personal copies.
    expect(shapes).toHaveLength(10);
    const first = shapes[0];
    expect(first?.shape.filter((p) => p.tag === 1)).toHaveLength(recipients.length);
    expect(first?.shape.every((p) => p.tag !== 1 || p.keyId === "0000000000000000")).toBe(true);
    // The example mixes curve25519 (ECDH, 18) and RSA (1): each place keeps its algorithm.
    expect(new Set(first?.shape.map((p) => p.algorithm).filter(Boolean))).toEqual(new Set([1, 18]));
    for (const other of shapes) {
      expect({ chosen: other.chosen, shape: other.shape }).toEqual({
        chosen: other.chosen,
        shape: first?.shape,
      });
      expect(other.length).toBe(first?.length);
    }
  }, 120_000);

  it("issue 16: in hidden mode, only the chosen can decrypt a copy (decoys lead nowhere)", async () => {
    const ada = await readFile(join(PROJECT_ROOT, "demo/private-keys/ada.sec.asc"), "utf8");
    const mei = await readFile(join(PROJECT_ROOT, "demo/private-keys/mei.sec.asc"), "utf8");
    const { sealed } = await seal(["ada"], true);
    const message = () => openpgp.readMessage({ armoredMessage: sealed.copies[0]?.ciphertext ?? "" });
    const decrypted = await openpgp.decrypt({
      message: await message(),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: ada }),
      format: "binary",
    });
    expect(new TextDecoder().decode(decrypted.data as Uint8Array)).toContain("Someone followed me");
    await expect(
      openpgp.decrypt({
        message: await message(),
        decryptionKeys: await openpgp.readPrivateKey({ armoredKey: mei }),
      }),
    ).rejects.toThrow();
  }, 60_000);
});

describe("sealReport's keys", () => {
  const adaKey = () => readFile(join(EXAMPLE_CONTENT, "keys/ada.asc"), "utf8");

  it("issue 11: parses each responder's key once per page, and reuses it for every report", async () => {
    const armored = await adaKey();
    const first = parsedKey(armored);
    expect(parsedKey(armored)).toBe(first);
    expect(await parsedKey(armored)).toBe(await first);
  });

  it("does not keep a key that fails to parse: the next attempt parses it again", async () => {
    const broken = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n";
    const first = parsedKey(broken);
    await expect(first).rejects.toThrow();
    const second = parsedKey(broken);
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow();
  });

  it("seals two reports with the same parsed key, each readable by the responder", async () => {
    const ada = recipients.find((r) => r.id === "ada") as RecipientOption;
    for (const answer of ["The first report.", "The second report."]) {
      const { copies } = await sealReport({
        fields,
        answers: { what: answer },
        eventName: "Tidewater Tech Days 2027",
        reference: "R-AAAA-BBBB",
        submittedAt: new Date("2027-06-04T10:00:00Z"),
        language: "en",
        chosen: [ada],
        copies: [{ target: "xteam", owner: null, readers: ["ada"] }],
        places: [ada],
        usable: [ada],
        hideRecipients: false,
      });
      const { text } = await decryptWithOpenpgp(copies[0]?.ciphertext ?? "", await demoPrivateKey("ada"));
      expect(text).toContain(answer);
    }
  });
});
