import type { Problem } from "../check/diagnostic.ts";

/**
 * Says, in an organiser's words, what a file that is no OpenPGP key seems to hold instead (issue 14):
 * nothing, an SSH key, a binary export, an encrypted message, an S/MIME certificate, a public key cut
 * short. Each gets the fix for that mistake; anything else gets the general one.
 *
 * @param options.text - the key file's text, read as UTF-8
 * @param options.fileName - the key file as the organiser knows it (`keys/ada.asc`)
 */
export function describeNotAKey(options: { text: string; fileName: string }): Problem {
  const { text, fileName } = options;
  const exportIt = `\`gpg --armor --export EMAIL > ${fileName}\``;
  const trimmed = text.trim();
  if (trimmed === "")
    return {
      message: `${fileName} is empty.`,
      fix: `Save the responder's public key in it: they export it with ${exportIt} and send you the file.`,
    };
  if (/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-)\s|-----BEGIN (OPENSSH|SSH2) /.test(trimmed))
    return {
      message: `${fileName} holds an SSH key, not an OpenPGP key: reports cannot be encrypted to it.`,
      fix: `Ask the responder for their OpenPGP public key (${exportIt}), or to make one with \`npx confide keygen\`.`,
    };
  if (/-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY)-----/.test(trimmed))
    return {
      message: `${fileName} holds an S/MIME certificate or a PEM key, not an OpenPGP key: reports cannot be encrypted to it.`,
      fix: `Ask the responder for their OpenPGP public key (${exportIt}), or to make one with \`npx confide keygen\`.`,
    };
  // An export made without --armor: its first byte is a packet header (bit 7 set), which UTF-8
  // decoding turns into U+FFFD; a text file has neither that nor control characters.
  if (trimmed.startsWith("\uFFFD") || [...trimmed.slice(0, 64)].some(isControlCharacter))
    return {
      message: `${fileName} is a binary key file (exported without --armor), which Confide does not read.`,
      fix: `Export the key again with --armor: ${exportIt}. The file then starts with "-----BEGIN PGP PUBLIC KEY BLOCK-----".`,
    };
  const armor = /-----BEGIN PGP ([A-Z ,/0-9]+)-----/.exec(trimmed)?.[1];
  if (armor === "PUBLIC KEY BLOCK")
    return {
      message: `${fileName} starts like a public key, but the key is damaged or cut short.`,
      fix: 'Copy the whole key again, from "-----BEGIN PGP PUBLIC KEY BLOCK-----" to "-----END PGP PUBLIC KEY BLOCK-----", or ask the responder to send the file as an attachment.',
    };
  if (armor)
    return {
      message: `${fileName} holds a PGP ${armor.toLowerCase().replace(/ block$/, "")}, not a public key.`,
      fix: `Ask the responder for their public key: ${exportIt}. The file then starts with "-----BEGIN PGP PUBLIC KEY BLOCK-----".`,
    };
  return {
    message: `${fileName} is not an OpenPGP public key.`,
    fix: `Export the responder's public key with ${exportIt}: the file should start with "-----BEGIN PGP PUBLIC KEY BLOCK-----".`,
  };
}

/** A character no text file holds: a control character other than tab, line feed, form feed and carriage return. */
function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return code < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(code);
}
