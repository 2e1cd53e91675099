import { describe, expect, it } from "vitest";
import { sharedTags, tagGroups } from "../../src/desk/patterns.ts";

const cases = [
  {
    reference: "R-0000-0001",
    tags: [{ kind: "person", name: "Blue hat" } as const, { kind: "place", name: "Room 2" } as const],
  },
  { reference: "R-0000-0002", tags: [{ kind: "person", name: "blue  HAT" } as const] },
  {
    reference: "R-0000-0003",
    tags: [{ kind: "person", name: "Blue hat" } as const, { kind: "place", name: "Bar" } as const],
  },
  { reference: "R-0000-0004", tags: [] },
];

describe("patterns across cases", () => {
  it("groups the cases of each tag, the most shared first, matching spellings", () => {
    const groups = tagGroups(cases);
    expect(groups[0]).toEqual({
      tag: { kind: "person", name: "Blue hat" },
      references: ["R-0000-0001", "R-0000-0002", "R-0000-0003"],
    });
    expect(groups.map((g) => g.tag.name)).toEqual(["Blue hat", "Bar", "Room 2"]);
  });

  it("shows, for one case, the other cases that share its tags and leaves out tags nobody shares", () => {
    expect(sharedTags("R-0000-0001", cases)).toEqual([
      { tag: { kind: "person", name: "Blue hat" }, references: ["R-0000-0002", "R-0000-0003"] },
    ]);
    expect(sharedTags("R-0000-0004", cases)).toEqual([]);
    expect(sharedTags("R-9999-9999", cases)).toEqual([]);
  });
});
