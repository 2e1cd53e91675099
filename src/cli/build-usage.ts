// Apart from the command, so `confide build --help` and `confide --help` load nothing else (src/cli/main.ts).
export const buildUsage = `confide build [--content DIR] [--out DIR]

Builds the content folder into a static site (npm run build runs this). Every problem in the content
and every template error is printed as file:line:col with how to fix it, as confide check prints it;
nothing is written then.

  --content DIR    the content folder (default: $CONFIDE_CONTENT or content)
  --out DIR        where to write the site (default: $CONFIDE_OUT or _site)

CONFIDE_FORM_ENDPOINT=same-origin points the report form at the site's own origin (hook mode), and
SOURCE_DATE_EPOCH fixes the build's instant, so that confide verify can rebuild the same bytes.`;
