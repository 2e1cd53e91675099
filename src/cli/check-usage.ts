// Apart from the command, so `confide check --help` and `confide --help` load nothing else (src/cli/main.ts).
export const checkUsage = `confide check [--content DIR] [--expiring-within 30d] [--strict]

Checks the site settings, the roster, every responder's key and every page, then renders every page
as the build would (writing nothing), and prints each problem as file:line:col with how to fix it.
Exit code 0 when the content can be published, 1 when not.

  --content DIR          the content folder (default: $CONFIDE_CONTENT or content)
  --expiring-within N    warn about keys that stop working within N days (e.g. 30d, 4w);
                         default: keys.expiry_warning_days in site.yaml
  --strict               treat warnings as errors (for a scheduled CI job)

Keys are checked at the moment the build will check them: now, or SOURCE_DATE_EPOCH when it is set.`;
