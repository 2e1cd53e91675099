/**
 * What a finished page must never show (issue 12): an empty list, a sentence or label that ends in
 * nothing, or anything but exactly one <h1>. Returns each problem in words, empty for a good page.
 *
 * @param html - the built page
 */
export function pageProblems(html: string): string[] {
  const problems: string[] = [];
  const headings = html.match(/<h1[\s>]/g)?.length ?? 0;
  if (headings !== 1) problems.push(`${headings} <h1> elements instead of one`);
  for (const match of html.matchAll(/<(ul|ol|dl)\b[^>]*>\s*<\/\1>/g))
    problems.push(`an empty list: ${match[0]}`);
  // A live region (role="status") starts empty on purpose: scripts announce through it.
  for (const match of html.matchAll(/<p\b([^>]*)>\s*<\/p>/g))
    if (!/\b(role|aria-live)=/.test(match[1] ?? "")) problems.push(`an empty paragraph: ${match[0]}`);
  // "By phone or text during the event:", or a bold label, and then no list, no number, no form.
  const introducesBlock = /^<(ul|ol|dl|div|pre|table|form|noscript|link|script|p class="numbers")[\s>]/;
  for (const match of html.matchAll(/<(p|li)\b[^>]*>((?:(?!<\/\1>)[\s\S])*?)<\/\1>\s*(<[a-z]+[^>]*>)?/g)) {
    const inner = match[2] ?? "";
    const text = inner.replace(/<[^>]+>/g, "").trim();
    const onlyLabel = /^<strong>[^<]*<\/strong>$/.test(inner.trim());
    if (!text.endsWith(":") && !onlyLabel) continue;
    if (match[1] === "p" && introducesBlock.test(match[3] ?? "")) continue;
    problems.push(`a sentence or label with nothing after it: ${text}`);
  }
  // "We will reply ." — a sentence whose setting printed nothing.
  for (const match of html.matchAll(/[^\s>]+ +[.,:;](?=\s|<)/g))
    problems.push(`a word missing before the punctuation: ${match[0]}`);
  return problems;
}
