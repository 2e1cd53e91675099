import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import type { DecryptOutcome, DecryptResult, MessageDecryptor } from "./decrypt-messages.ts";
import type { FoundMessage } from "./find-messages.ts";
import { mapInOrder } from "./map-in-order.ts";

/** The decryptor cannot work at all (gpg missing, the passphrase refused): nothing more is started. */
export interface DecryptorUnusable {
  kind: "unusable";
  reason: string;
}

/**
 * Decrypts messages a few at a time and yields each outcome in the messages' order as soon as it and
 * the ones before it are done, so `confide decrypt` writes the first report while later ones are still
 * being decrypted, and holds only a bounded number of plaintexts in memory.
 *
 * The first message that is not already known damaged is decrypted alone, so a passphrase prompt
 * (gpg's agent) appears once and its answer serves the rest. When the decryptor says it is unusable,
 * no further message is started and the generator yields that and ends.
 *
 * @param options.messages - the messages, from findMessages
 * @param options.decrypt - the decryptor for one message (it resolves; a rejection counts as damaged)
 * @param options.concurrency - how many decryptions run at once
 * @throws TypeError on unknown options (when the first outcome is asked for)
 */
export async function* decryptInOrder(options: {
  messages: readonly FoundMessage[];
  decrypt: MessageDecryptor;
  concurrency: number;
}): AsyncGenerator<DecryptOutcome | DecryptorUnusable, void, undefined> {
  const { messages, decrypt, concurrency, ...rest } = options;
  rejectUnknownOptions("decryptInOrder", rest);
  const first = messages.findIndex((message) => message.damage === undefined);
  let releaseOthers: () => void = () => undefined;
  const firstDone = new Promise<void>((resolve) => {
    releaseOthers = resolve;
  });
  let unusable = false;

  const decryptOne = async (
    message: FoundMessage,
    index: number,
  ): Promise<DecryptOutcome | DecryptorUnusable | null> => {
    if (message.damage !== undefined) return { kind: "damaged", message, reason: message.damage };
    if (index !== first) await firstDone;
    // Never shown: the consumer stops at the unusable outcome before it reaches this one.
    if (unusable) return null;
    let result: DecryptResult;
    try {
      result = await decrypt(message.armored);
    } catch (error) {
      result = { kind: "damaged", reason: error instanceof Error ? error.message : String(error) };
    } finally {
      if (index === first) releaseOthers();
    }
    if (result.kind === "unusable") {
      unusable = true;
      return result;
    }
    return result.kind === "decrypted"
      ? { kind: "decrypted", message, plaintext: result.plaintext }
      : { kind: result.kind, message, reason: result.reason };
  };

  for await (const outcome of mapInOrder({
    items: messages,
    concurrency,
    map: decryptOne,
  })) {
    if (outcome === null) continue;
    yield outcome;
    if (outcome.kind === "unusable") return;
  }
}
