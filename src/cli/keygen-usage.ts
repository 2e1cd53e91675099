// Apart from the command, so `confide keygen --help` and `confide --help` load nothing else (src/cli/main.ts).
export const keygenUsage = `confide keygen --id ID --name NAME --email EMAIL [--private-out FILE] [--rsa] [--expires 2y]

Makes a responder's key pair: the public key goes on the site, the private key reads the reports.
Writes the public key to <content>/keys/<ID>.asc and the private key (mode 0600, protected by a
passphrase asked twice) to a file outside the site's repository, then prints the roster entry to paste
into _data/roster.yaml and what to do next.

  --id ID                 the responder's id in the roster, e.g. ada (lowercase letters, digits, "-")
  --name NAME             the responder's name, e.g. "Ada Example"
  --email EMAIL           the responder's email address
  --private-out FILE      where to save the private key (default: ~/.confide/<ID>.sec.asc); refused
                          inside the content folder or anywhere git would publish it
  --rsa                   make an RSA 4096 key instead of curve25519 (slower; for old tools only)
  --expires N             how long the key works: 2y, 18m, 365d, 8w (default: 2y, at most 10y)
  --passphrase-file F     read the passphrase from the first line of F instead of asking
  --no-passphrase         leave the private key unprotected (only on an encrypted disk)
  --content DIR           the content folder (default: $CONFIDE_CONTENT or content)`;
