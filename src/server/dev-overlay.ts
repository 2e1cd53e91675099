/** Where the live preview serves its own files, beside the site (never part of a build). */
export const DEV_PATHS = {
  overlay: "/.confide/overlay.js",
  diagnostics: "/.confide/diagnostics.json",
} as const;

/**
 * The live preview's page script: shows the content's problems over the page, as `confide check`
 * prints them, until the next build fixes them (the page reloads after every build). Plain DOM calls
 * and textContent only: the pages' policy allows no inline style, no innerHTML (Trusted Types), and
 * no script but the site's own origin's.
 */
export const OVERLAY_SCRIPT = `const response = await fetch(${JSON.stringify(DEV_PATHS.diagnostics)}, { cache: "no-store" });
const { problems } = await response.json();
if (problems.length > 0) {
  const box = document.createElement("section");
  box.setAttribute("role", "alert");
  box.setAttribute("aria-label", "Problems in the content");
  Object.assign(box.style, {
    position: "fixed", inset: "auto 0 0 0", maxHeight: "60vh", overflow: "auto", zIndex: "2147483647",
    margin: "0", padding: "1rem", background: "#2b0b0b", color: "#fff", font: "14px/1.5 ui-monospace, monospace",
    borderTop: "4px solid #ff6b6b",
  });
  const title = document.createElement("h2");
  title.textContent = problems.length === 1 ? "1 problem: the preview shows the last good build" : problems.length + " problems: the preview shows the last good build";
  Object.assign(title.style, { font: "inherit", fontWeight: "bold", margin: "0 0 0.5rem" });
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "Hide";
  close.addEventListener("click", () => box.remove());
  box.append(title, close);
  for (const problem of problems) {
    const line = document.createElement("p");
    line.textContent = problem;
    Object.assign(line.style, { margin: "0.5rem 0", whiteSpace: "pre-wrap" });
    box.append(line);
  }
  document.body.append(box);
}
`;

/**
 * A built page as the live preview serves it: its policy also lets it reach its own origin (the
 * reload notices arrive over a WebSocket there; the overlay reads the problems there), and it loads
 * the overlay script. Only the preview does this; the built files are never changed.
 *
 * @param html - the page as built
 */
export function previewPage(html: string): string {
  const withConnect = html.replace(
    /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)"/i,
    (_, start: string, policy: string) => {
      if (/connect-src/.test(policy)) return `${start}${policy}"`;
      // The attribute escapes its quotes (&#39;): write the addition the same way.
      const self = policy.includes("&#39;") ? "&#39;self&#39;" : "'self'";
      return `${start}${policy}; connect-src ${self}"`;
    },
  );
  const script = `<script type="module" src="${DEV_PATHS.overlay}"></script>`;
  return withConnect.includes("</head>")
    ? withConnect.replace("</head>", `${script}</head>`)
    : withConnect + script;
}
