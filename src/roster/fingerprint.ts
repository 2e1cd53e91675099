/** Removes spaces and a leading "0x", and uppercases: the form fingerprints are compared in. */
export function normalizeFingerprint(value: string): string {
  return value.replace(/^0x/i, "").replace(/\s+/g, "").toUpperCase();
}

/** A fingerprint in groups of four (`8E33 1E06 …`), the way gpg prints it and people read it aloud. */
export function groupFingerprint(fingerprint: string): string {
  return (
    normalizeFingerprint(fingerprint)
      .match(/.{1,4}/g)
      ?.join(" ") ?? ""
  );
}

/** True for a full v4 (40 hex) or v6 (64 hex) fingerprint. */
export function isFullFingerprint(value: string): boolean {
  return /^([0-9A-F]{40}|[0-9A-F]{64})$/.test(normalizeFingerprint(value));
}
