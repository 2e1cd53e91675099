import { describe, expect, it } from "vitest";
import { DESK_STRINGS, deskStrings } from "../../src/desk/desk-strings.ts";
import { placeholdersOf } from "../../src/i18n/ui-strings.ts";

describe("the desk's words", () => {
  const english: Readonly<Record<string, string>> = DESK_STRINGS.en ?? {};
  it.each(
    Object.keys(DESK_STRINGS).filter((tag) => tag !== "en"),
  )("%s keeps every English key and each one's placeholders", (tag) => {
    const strings: Readonly<Record<string, string>> = DESK_STRINGS[tag] ?? {};
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english)) {
      expect(placeholdersOf(strings[key] ?? "").sort(), `${tag} ${key}`).toEqual(
        placeholdersOf(english[key] ?? "").sort(),
      );
    }
  });

  it("speaks a language by its primary subtag, keeps the whole tag for dates, and falls back to English", () => {
    expect(deskStrings("es-MX")).toMatchObject({ lang: "es-MX", strings: { unlock: "Desbloquear" } });
    expect(deskStrings("ar").strings.unlock).toBe("فتح القفل");
    expect(deskStrings("fi")).toMatchObject({ lang: "en", strings: { unlock: "Unlock" } });
  });
});
