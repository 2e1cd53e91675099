import { generateKey, type Key, readKey } from "openpgp";

/**
 * Decoy recipients for hidden mode (`recipients: hidden` in site.yaml). A copy of a report carries one
 * session-key packet in every receiving responder's place, in roster order: the real one for each reader
 * of that copy, and in every other place a packet for a decoy key of the same kind (algorithm, curve or
 * RSA size, key version, AEAD support), so that the packets have the same count, algorithms, order and
 * lengths whoever the reporter chose.
 *
 * A decoy key is made in the browser when a copy needs it, and its private half is never kept: it
 * exists only inside `generateKey` and is dropped there. Made at send time rather than at build time
 * so that no decoy key is ever published (the build stays byte-for-byte reproducible for
 * `confide verify`) and each report's decoys are new.
 */

/** What a decoy must match of a responder's encryption key. */
export interface KeyShape {
  /** the encryption (sub)key's algorithm, as openpgp.js names it: "ecdh", "rsaEncryptSign", "x25519", … */
  algorithm: string;
  /** the ECC curve, for ECDH keys */
  curve?: string;
  /** the modulus size, for RSA keys */
  bits?: number;
  /** the key packet version: 4, or 6 (RFC 9580) */
  version: number;
  /** whether the key advertises SEIPD v2 (AEAD), which decides the data packet's version */
  seipdv2: boolean;
}

/** RFC 9580 §5.2.3.32: the Features subpacket's flag for "reads SEIPD v2" (AEAD). */
const SEIPD_V2_FEATURE = 0x08;

const ENCRYPTING = new Set(["ecdh", "rsaEncryptSign", "rsaEncrypt", "x25519", "x448", "elgamal"]);

/**
 * The shape of a key's encryption key: its newest encryption-capable subkey (or the primary key when it
 * encrypts), whether or not it is still valid, so a responder whose key expired since the build still
 * gets a decoy of the right shape in their place.
 *
 * @param key - a responder's public key
 * @throws Error when the key has no encryption-capable key at all
 */
export async function keyShape(key: Key): Promise<KeyShape> {
  const candidates: Array<Key["keyPacket"] | Key["subkeys"][number]["keyPacket"]> = [...key.subkeys]
    .reverse()
    .map((subkey) => subkey.keyPacket);
  candidates.push(key.keyPacket);
  const packet = candidates.find((candidate) => ENCRYPTING.has(candidate.getAlgorithmInfo().algorithm));
  if (!packet) throw new Error(`the key ${key.getKeyID().toHex()} has no encryption key`);
  const info = packet.getAlgorithmInfo();
  const features = (await primarySelfSignature(key))?.features?.[0] ?? 0;
  return {
    algorithm: info.algorithm,
    ...(info.curve ? { curve: info.curve } : {}),
    ...(info.bits ? { bits: info.bits } : {}),
    version: packet.version,
    seipdv2: (features & SEIPD_V2_FEATURE) !== 0,
  };
}

/**
 * The signature that carries a key's preferences and features: the primary user's self-signature on a
 * v4 key, the direct-key signature on a v6 key (RFC 9580 §5.2.3.10); reading only the former said a v6
 * key never reads SEIPD v2. openpgp's `getPrimarySelfSignature` picks the right one; its type
 * declarations omit it. Null when no valid one exists (an expired key).
 */
async function primarySelfSignature(key: Key): Promise<{ features: Uint8Array | null } | null> {
  const withSelfSignature = key as Key & {
    getPrimarySelfSignature(): Promise<{ features: Uint8Array | null }>;
  };
  return withSelfSignature.getPrimarySelfSignature().catch(() => null);
}

/**
 * A new public key of the given shape whose private half is discarded at once.
 *
 * @param shape - what to match (see {@link keyShape})
 * @param now - the key's creation time (default: now)
 * @throws Error for a shape openpgp.js cannot generate (ElGamal, a curve it does not know)
 */
export async function decoyKey(shape: KeyShape, now: Date = new Date()): Promise<Key> {
  const config = { v6Keys: shape.version === 6, aeadProtect: shape.seipdv2 };
  const common = { userIDs: [{ name: "decoy" }], date: now, format: "armored" as const, config };
  let generated: { publicKey: string };
  if (shape.algorithm === "rsaEncryptSign" || shape.algorithm === "rsaEncrypt")
    generated = await generateKey({ ...common, type: "rsa", rsaBits: shape.bits ?? 4096 });
  else if (shape.algorithm === "x25519") generated = await generateKey({ ...common, type: "curve25519" });
  else if (shape.algorithm === "x448") generated = await generateKey({ ...common, type: "curve448" });
  else if (shape.algorithm === "ecdh" && shape.curve)
    generated = await generateKey({
      ...common,
      type: "ecc",
      curve: shape.curve as Parameters<typeof generateKey>[0]["curve"] & string,
    });
  else throw new Error(`a decoy cannot be made for ${shape.algorithm} keys`);
  // Only the public half leaves this function; the private one is garbage as soon as it returns.
  return readKey({ armoredKey: generated.publicKey });
}

/**
 * The keys of one copy in hidden mode: for each place (every receiving responder, in roster order),
 * the real key when that responder reads this copy, else a decoy of the same shape. Decoys of one shape
 * are made once per call and reused within the copy (each packet still gets its own ephemeral key or
 * random padding, so two packets for one decoy key look no more alike than two for different keys).
 *
 * @param options.places - every receiving responder's key, in roster order
 * @param options.readers - the indexes in `places` of the readers of this copy
 * @param options.now - the decoys' creation time
 */
export async function keysWithDecoys(options: {
  places: readonly Key[];
  readers: ReadonlySet<number>;
  now?: Date;
}): Promise<Key[]> {
  const decoys = new Map<string, Promise<Key>>();
  return Promise.all(
    options.places.map(async (key, index) => {
      if (options.readers.has(index)) return key;
      const shape = await keyShape(key);
      const name = JSON.stringify(shape);
      let decoy = decoys.get(name);
      if (!decoy) {
        decoy = decoyKey(shape, options.now);
        decoys.set(name, decoy);
      }
      return decoy;
    }),
  );
}
