import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import { reportFormProps } from "../../src/site/report-form-props.ts";
import { urls } from "../../src/site/urls.ts";
import { contentFolder, EXAMPLE_CONTENT, NOW } from "../helpers/content-folder.ts";

const read = (file: string) => readFileSync(join(EXAMPLE_CONTENT, file), "utf8");

describe("the report form's props (issue 12)", () => {
  it("list the contacts outside the team and the other channels for when the form cannot send, and the photos' addresses", async () => {
    const site = `${read("_data/site.yaml")}\nindependent_contacts:\n  - name: The board\n    role: Not on this team\n    email: board@tidewater.example\n  - name: The web form of the board\n    role: Not on this team\n    url: https://board.example/form\n`;
    const roster = read("_data/roster.yaml").replace(
      "    key: keys/ada.asc",
      "    photo: photos/ada.jpg\n    key: keys/ada.asc",
    );
    const { dir, cleanup } = await contentFolder(
      { "_data/site.yaml": site, "_data/roster.yaml": roster },
      { translations: false },
    );
    try {
      const photo = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#555" } })
        .jpeg()
        .toBuffer();
      await mkdir(join(dir, "photos"));
      await writeFile(join(dir, "photos/ada.jpg"), photo);
      const { content, diagnostics } = await loadContent({ dir, now: NOW });
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const [language] = content?.languages ?? [];
      if (!language) throw new Error("the content did not load");
      const props = reportFormProps(language, { eventName: "X", now: NOW });
      expect(props.directContacts.at(-1)).toEqual({
        name: "The board",
        role: "Not on this team",
        email: "board@tidewater.example",
        phone: null,
      });
      // Reachable only through a web page: the page around the form lists it, the form cannot.
      expect(props.directContacts.map((c) => c.name)).not.toContain("The web form of the board");
      expect(props.channels).toEqual([expect.objectContaining({ url: "https://social.example/@tidewater" })]);
      expect(props.recipients.find((r) => r.id === "ada")?.photo).toBe(urls.photo("ada"));
      expect(props.recipients.find((r) => r.id === "tomas")?.photo).toBeNull();
    } finally {
      await cleanup();
    }
  });
});
