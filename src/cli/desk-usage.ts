// Apart from the command, so `confide desk --help` and `confide --help` load nothing else (src/cli/main.ts).
export const deskUsage = `confide desk [--content DIR] [--cases DIR] [--key FILE [--passphrase-file F] | --gpg] [--port P] [--lang L] [--no-open] [INPUT...]

Starts the responders' desk: a page on this computer (http://127.0.0.1 only) where you unlock your
key, bring reports in, read them, and keep a case file for each one: its status, owner, notes, the
people and places it concerns, and its outcome. Case files are stored only encrypted, to you and the
responders the reporter sent the report to, so any of them can open the same folder with their desk.

  --content DIR        the site's content folder (default: content): the event, the team's keys,
                       the follow-up promise, the retention period, the questions' own wording
  --cases DIR          the folder for the encrypted case files (default: ~/.confide/cases); it may be
                       a synced or shared folder: nothing in it is readable without a team key
  --key FILE           your private key file; the page asks for its passphrase (unless
                       --passphrase-file is given). Without --key or --gpg, the page asks for the file
  --passphrase-file F  read the key's passphrase from the first line of F
  --gpg                decrypt with your GnuPG keyring (gpg's agent asks for the passphrase)
  --port P             the port (default: a free one)
  --lang L             the desk's language (default: the site's; en when the desk does not speak it)
  --no-open            print the address instead of opening the browser
  INPUT...             reports to bring in once the desk is unlocked, as confide decrypt reads them

The address printed carries a one-time token: only a page opened at it can use this desk. Nothing
secret is written to disk; the desk never logs report text. Stop it with Ctrl+C.`;
