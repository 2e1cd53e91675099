import { isAbsolute, relative, resolve, sep } from "node:path";
import { splitFrontMatter } from "../content/front-matter.ts";
import { siteSchema } from "../site/site-schema.ts";
import type { Diagnostic } from "./diagnostic.ts";
import { closest } from "./schema-diagnostics.ts";
import { lookUpField } from "./schema-fields.ts";

/** What a Liquid error carries about where it happened (liquidjs's Token). */
interface LiquidToken {
  getPosition(): [line: number, col: number];
  getText(): string;
  file?: string;
}

type ErrorLike = Error & {
  token?: LiquidToken;
  originalError?: unknown;
  variableName?: string;
  fix?: string;
};

/** The causes of an error, outermost first: Eleventy wraps Liquid's error, which wraps the cause. */
function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 10) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).originalError ?? (current as ErrorLike).cause;
  }
  return chain;
}

/** The settings site.yaml has at its top level, for "did you mean {{ site.follow_up }}". */
const SITE_SETTINGS = Object.keys(siteSchema.shape);

/**
 * Turns an error Eleventy threw while rendering a page into the diagnostic an organiser can act on:
 * the page's file, the line and column in that file (Liquid counts lines after the front matter; this
 * counts them from the top of the file), what is wrong in plain words, and the fix. No stack trace.
 *
 * Returns null for an error that is not about a page's template (a bug in Confide itself): the caller
 * shows those as they are.
 *
 * @param options.error - what the render threw
 * @param options.contentDir - the content folder (absolute), to name files relative to it
 * @param options.cwd - the folder Eleventy resolved the page's path against
 * @param options.readPage - the text of a page, by its path relative to the content folder (for the
 *   front matter's length), or null when it cannot be read
 */
export function templateDiagnostic(options: {
  error: unknown;
  contentDir: string;
  cwd: string;
  readPage: (file: string) => string | null;
}): Diagnostic | null {
  const chain = errorChain(options.error);
  const liquid = chain.find((error) => typeof error.token?.getPosition === "function");
  const path =
    liquid?.token?.file ??
    chain.map((error) => /rendering \w+ template (.+)$/.exec(error.message)?.[1]).find(Boolean);
  if (!path) return null;
  const absolute = isAbsolute(path) ? path : resolve(options.cwd, path);
  const file = relative(options.contentDir, absolute).split(sep).join("/");
  const text = options.readPage(file);
  const bodyLine = text === null ? 1 : splitFrontMatter(text).bodyLine;
  const [line, col] = liquid?.token?.getPosition() ?? [1, 1];
  const at = { file, line: line + bodyLine - 1, col, severity: "error" as const };
  const cause = chain[chain.length - 1] ?? liquid;

  if (cause?.name === "EmptyBlockError")
    return { ...at, message: cause.message, fix: cause.fix ?? "Add the data the block prints." };

  const variable =
    chain.find((error) => typeof error.variableName === "string")?.variableName ??
    /undefined variable: ([\w.[\]]+)/.exec(liquid?.message ?? "")?.[1];
  if (variable) return { ...at, ...undefinedVariable(variable) };

  const message = (liquid ?? cause)?.message.replace(/, (line:\d+, col:\d+|file:.*)$/s, "") ?? "";
  return {
    ...at,
    message: `This page cannot be rendered: ${message.replace(/\.$/, "")}.`,
    fix: "Check the tag on this line: Confide's blocks are written {% name %} on a line of their own, and settings {{ site.name }}.",
  };
}

/** What to say about `{{ x.y }}` printing nothing: a setting left out, a typo, or a missing "site.". */
function undefinedVariable(variable: string): { message: string; fix: string } {
  const [root, ...rest] = variable.split(".");
  if (root === "site" && rest.length > 0) {
    const found = lookUpField({ schema: siteSchema, path: rest });
    if (found.kind === "known") {
      const name = rest[rest.length - 1];
      const parent = rest.slice(0, -1);
      return {
        message: `{{ ${variable} }} prints nothing: site.yaml does not set ${rest.join(".")}, so the sentence around it would end in nothing.`,
        fix: `Add \`${name}:\`${parent.length > 0 ? ` under \`${parent.join(": ")}:\`` : ""} in _data/site.yaml, or put the sentence inside {% if ${variable} %} … {% endif %} so that it disappears without the setting.`,
      };
    }
    const suggestion = closest(found.name, found.known);
    return {
      message: `{{ ${variable} }} names a setting that does not exist.`,
      fix: suggestion
        ? `Did you mean {{ ${["site", ...found.at, suggestion].join(".")} }}?`
        : `Check the spelling against _data/site.yaml (settings here: ${found.known.join(", ")}).`,
    };
  }
  const setting = root ? closest(root, SITE_SETTINGS) : undefined;
  return {
    message: `{{ ${variable} }} is not something a page can print.`,
    fix: setting
      ? `Did you mean {{ site.${[setting, ...rest].join(".")} }}? Settings from _data/site.yaml start with "site.".`
      : 'Settings from _data/site.yaml start with "site.", e.g. {{ site.event.name }}; check the spelling.',
  };
}
