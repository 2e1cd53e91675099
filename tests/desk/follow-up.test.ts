import { describe, expect, it } from "vitest";
import { newCaseFile } from "../../src/desk/case-file.ts";
import {
  dueDate,
  followUpOf,
  followUpPeriod,
  parseFollowUpPromise,
  sortForFollowUp,
} from "../../src/desk/follow-up.ts";

describe("reading the follow-up promise", () => {
  it.each([
    ["within one week", { days: 7, working: false }],
    ["within 3 days", { days: 3, working: false }],
    ["within a day", { days: 1, working: false }],
    ["within 48 hours", { days: 2, working: false }],
    ["within two working days", { days: 2, working: true }],
    ["within 5 business days", { days: 5, working: true }],
    ["within two weeks", { days: 14, working: false }],
    ["within a fortnight", { days: 14, working: false }],
    ["within one month", { days: 30, working: false }],
  ])("reads %j", (promise, period) => {
    expect(parseFollowUpPromise(promise)).toEqual(period);
  });

  it("gives null for a promise without a period, and prefers follow_up_days when it is set", () => {
    expect(parseFollowUpPromise("as soon as we can")).toBeNull();
    expect(parseFollowUpPromise("en una semana")).toBeNull();
    expect(followUpPeriod({ followUp: "en una semana", followUpDays: 7 })).toEqual({
      days: 7,
      working: false,
    });
    expect(followUpPeriod({ followUp: "within 3 days" })).toEqual({ days: 3, working: false });
  });

  it("counts working days over a weekend", () => {
    // Friday 2027-06-04 plus two working days is Tuesday 2027-06-08.
    expect(dueDate(new Date("2027-06-04T10:00:00Z"), { days: 2, working: true }).toISOString()).toBe(
      "2027-06-08T10:00:00.000Z",
    );
  });
});

describe("follow-up state and order", () => {
  const period = { days: 7, working: false };
  const sentAt = new Date("2027-06-05T14:00:00Z");
  const caseFile = newCaseFile({ reference: "R-AAAA-AAAA", report: "", receivedAt: null, now: sentAt });

  it("a new case past its due date is overdue; an acknowledged one is answered", () => {
    const now = new Date("2027-06-13T00:00:00Z");
    expect(followUpOf({ caseFile, sentAt, period, now })).toEqual({
      state: "overdue",
      due: new Date("2027-06-12T14:00:00Z"),
    });
    expect(followUpOf({ caseFile: { ...caseFile, status: "acknowledged" }, sentAt, period, now }).state).toBe(
      "answered",
    );
    expect(followUpOf({ caseFile, sentAt, period, now: new Date("2027-06-06T00:00:00Z") }).state).toBe("due");
    expect(followUpOf({ caseFile, sentAt, period: null, now }).state).toBe("unknown");
  });

  it("lists overdue cases first, then due by date, then answered, then closed", () => {
    const at = (day: number) => `2027-06-${String(day).padStart(2, "0")}T00:00:00.000Z`;
    const sorted = sortForFollowUp([
      { reference: "R-CLOS-ED00", status: "closed", state: "answered", due: at(1) },
      { reference: "R-ANSW-ERED", status: "acknowledged", state: "answered", due: at(2) },
      { reference: "R-DUE2-0000", status: "new", state: "due", due: at(20) },
      { reference: "R-DUE1-0000", status: "new", state: "due", due: at(15) },
      { reference: "R-OVER-DUE0", status: "new", state: "overdue", due: at(3) },
    ] as const);
    expect(sorted.map((c) => c.reference)).toEqual([
      "R-OVER-DUE0",
      "R-DUE1-0000",
      "R-DUE2-0000",
      "R-ANSW-ERED",
      "R-CLOS-ED00",
    ]);
  });
});
