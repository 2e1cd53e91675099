// Apart from the command, so `confide decrypt --help` and `confide --help` load nothing else (src/cli/main.ts).
export const decryptUsage = `confide decrypt --key FILE [--passphrase-file F] [--out DIR] [--gpg] [--content DIR] [INPUT...]

Decrypts encrypted reports and shows each one readably: its reference, when it was sent, and every
question with its answer. INPUT is any mix of armored message files, a Formspree CSV or JSON export,
an email (.eml) or pasted text holding the armored blocks, and the local inbox folder (every *.json
in it); "-" or no INPUT reads standard input.

  --key FILE              your armored (or binary) private key, as exported from GnuPG or written
                          by confide keygen. Its passphrase is asked without echo, or read from
                          --passphrase-file or $CONFIDE_PASSPHRASE
  --passphrase-file F     read the key's passphrase from the first line of F
  --gpg                   decrypt with your GnuPG keyring instead of --key (runs gpg --decrypt; gpg's
                          agent asks for the passphrase; GNUPGHOME is honoured)
  --out DIR               write one Markdown file per report into DIR (created with mode 0700;
                          files mode 0600, named <date>-<reference>.md, never overwritten) instead of
                          printing the reports
  --content DIR           the site's content folder: a report sent from a translated form shows
                          each question in the site's own words too (from DIR/_data/report.yaml),
                          under the words the reporter saw

A summary goes to standard error: how many reports were decrypted, not addressed to this key,
damaged, or refused (a message that would decrypt to more than 8 MiB, far more than any report, or
names hundreds of recipients: it is not decrypted, and the others still are), then the source and row
of each one not decrypted, and of each export row that holds no encrypted report. Decrypted text is
never written anywhere but standard output or --out; control characters in it are shown escaped
(\\x1B).

Exit code 0 when at least one report was decrypted and none was damaged or refused (messages for
other keys are normal: a report goes only to the responders the reporter chose); 1 when nothing was
decrypted, a message was damaged or refused, or the key, the passphrase or an input could not be
used; 2 for a usage mistake.`;
