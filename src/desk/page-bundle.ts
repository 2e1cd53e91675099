import { readFile } from "node:fs/promises";
import { build } from "esbuild";
import { projectPath } from "../project-paths.ts";
import type { DeskPage } from "./desk-server.ts";

/** The page's sources: esbuild bundles the TypeScript itself, whether the desk runs compiled or not. */
const pageDir = `${projectPath("src/desk/page")}/`;

/** The page's HTML: a shell that loads the script and stylesheet (no inline code: the policy forbids it). */
const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Confide desk</title>
<link rel="stylesheet" href="/desk.css">
<script type="module" src="/desk.js"></script>
</head>
<body>
<div id="desk"><noscript>The desk needs JavaScript: it runs only on this computer.</noscript></div>
</body>
</html>
`;

/**
 * Bundles the desk's page (Preact, src/desk/page/) with esbuild, in memory, when the desk starts:
 * nothing is fetched from anywhere and nothing is written to disk.
 */
export async function buildDeskPage(): Promise<DeskPage> {
  const result = await build({
    entryPoints: [`${pageDir}main.tsx`],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2020"],
    minify: true,
    write: false,
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    logLevel: "silent",
  });
  const js = result.outputFiles[0]?.text ?? "";
  return { html: HTML, js, css: await readFile(`${pageDir}desk.css`, "utf8") };
}
