// Apart from the command, so `confide inbox --help` and `confide --help` load nothing else (src/cli/main.ts).
export const inboxUsage = `confide inbox [--port P] [--dir D] [--form-id ID] [--host H] [--allow-origin URL]

Runs the Formspree-compatible local inbox on its own: the report form can post to it
(POST /f/<form id>) with no account, and each encrypted report is stored as one JSON file.
It accepts only encrypted reports; read them with "confide decrypt" or gpg.

  --port P        the port (default: $PORT or 8081)
  --dir D         where reports are stored (default: $CONFIDE_INBOX or .inbox)
  --form-id ID    accept only this form id (default: any)
  --host H        the address to listen on (default: 127.0.0.1, this computer only)
  --allow-origin URL
                  the origin (https://host[:port]) of a site served elsewhere whose report form
                  posts here; repeat it for several. Without it, browsers let no other site's
                  page read the inbox's answers`;
