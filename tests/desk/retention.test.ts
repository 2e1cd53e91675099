import { describe, expect, it } from "vitest";
import { dueForDeletion } from "../../src/desk/retention.ts";

describe("retention", () => {
  it("lists closed cases whose period has run out, oldest first, and never an open case", () => {
    const due = dueForDeletion({
      cases: [
        { reference: "R-0000-0001", status: "closed", closedAt: "2027-06-10T00:00:00Z" },
        { reference: "R-0000-0002", status: "closed", closedAt: "2027-06-01T00:00:00Z" },
        { reference: "R-0000-0003", status: "closed", closedAt: "2027-12-01T00:00:00Z" },
        { reference: "R-0000-0004", status: "in-progress", closedAt: null },
      ],
      retentionDays: 180,
      now: new Date("2027-12-31T00:00:00Z"),
    });
    expect(due).toEqual([
      { reference: "R-0000-0002", dueSince: new Date("2027-11-28T00:00:00Z") },
      { reference: "R-0000-0001", dueSince: new Date("2027-12-07T00:00:00Z") },
    ]);
  });
});
