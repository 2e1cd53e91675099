import type { Problem } from "../check/diagnostic.ts";
import { telHref } from "./html.ts";

/** The most digits a phone number has (ITU-T E.164). */
const MAX_DIGITS = 15;

/**
 * Why a phone number, as an organiser wrote it, would not dial what it says, or null when it would
 * (issue 14). The pages print the number as written and link it as `tel:` with its digits alone
 * (src/site/html.ts `telHref`), so "999 or 112" became a link to 999112 and "+44 (0)20 7946 0000" a
 * link to +440207946000: on an emergency number, a wrong call.
 *
 * @param number - the number as written in site.yaml or roster.yaml
 */
export function phoneNumberProblem(number: string): Problem | null {
  const digits = number.replace(/\D/g, "");
  const oneNumber =
    'Write one number, as people dial it: digits, with spaces or hyphens between groups and + before a country code (e.g. "999" or "+44 7700 900123"). Give another number an entry of its own, and words such as opening hours a line of their own (`note:` in site.yaml, `about:` in roster.yaml).';
  if (!/^\+?[\d\s().-]+$/.test(number) || !/\d/.test(number))
    return {
      message: `"${number}" is not just a phone number: its link would dial ${telHref(number).slice("tel:".length) || "nothing"}.`,
      fix: oneNumber,
    };
  if (digits.length > MAX_DIGITS)
    return {
      message: `"${number}" has ${digits.length} digits, more than any phone number: its link would dial them all as one number.`,
      fix: oneNumber,
    };
  if (number.trimStart().startsWith("+") && /\(\s*0\s*\)/.test(number))
    return {
      message: `"${number}" has "(0)" after the country code: its link would dial the 0 too, which reaches no one from abroad.`,
      fix: `Leave out the "(0)": "${number
        .replace(/\s*\(\s*0\s*\)\s*/, " ")
        .replace(/\s+/g, " ")
        .trim()}".`,
    };
  return null;
}
