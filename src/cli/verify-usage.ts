// Apart from the command, so `confide verify --help` and `confide --help` load nothing else (src/cli/main.ts).
export const verifyUsage = `confide verify URL [--content DIR] [--form-endpoint same-origin|URL] [--ignore-headers]

Checks that the site deployed at URL is exactly a build of your content: it builds the content here,
fetches the deployed site's manifest (/.well-known/confide.json), pages, keys, scripts and styles,
and compares every byte, the security headers each is served with, and the responders' fingerprints.
Prints every difference. Exit code 0 when the deployed site is identical, 1 when anything differs
or cannot be fetched.

  --content DIR          the content folder (default: $CONFIDE_CONTENT or content)
  --form-endpoint E      where the deployed form posts: "same-origin" (hook mode) or a URL. By default
                         the deployed manifest says "same-origin" or "site.yaml" (your content's endpoint)
  --ignore-headers       do not compare headers (for hosts that ignore _headers, such as GitHub Pages)`;
