// Apart from the command, so `confide serve --help` and `confide --help` load nothing else (src/cli/main.ts).
export const serveUsage = `confide serve [--port P] [--content DIR] [--out DIR] [--inbox DIR] [--no-build | --watch]

Builds the site with its report form pointed at this server, then serves the site and the local
report inbox on one origin at http://localhost:8080 (npm start runs this). Each report sent with the
form is stored, encrypted, as one JSON file in the inbox folder.

  --port P         the port (default: $PORT or 8080)
  --content DIR    the content folder (default: $CONFIDE_CONTENT or content)
  --out DIR        the built site's folder (default: $CONFIDE_OUT or _site)
  --inbox DIR      where reports are stored (default: $CONFIDE_INBOX or .inbox)
  --no-build       serve what is already built
  --watch          the live preview (npm run dev): rebuild on every save in the content folder and
                   reload the pages; problems are printed here and shown over the page`;
