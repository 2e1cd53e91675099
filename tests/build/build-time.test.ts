import { describe, expect, it } from "vitest";
import { buildTime } from "../../src/build/build-time.ts";

describe("the build's instant", () => {
  it("is now, rounded down to the second, when SOURCE_DATE_EPOCH is not set", () => {
    const now = new Date("2027-03-01T12:00:00.987Z");
    expect(buildTime(undefined, now).toISOString()).toBe("2027-03-01T12:00:00.000Z");
    expect(buildTime("", now).toISOString()).toBe("2027-03-01T12:00:00.000Z");
  });

  it("is SOURCE_DATE_EPOCH's second when set, and a clear error when it is not whole seconds", () => {
    expect(buildTime("1803902400").toISOString()).toBe("2027-03-01T12:00:00.000Z");
    expect(() => buildTime("1803902400.5")).toThrow(
      'SOURCE_DATE_EPOCH is "1803902400.5": set it to a whole number of seconds since 1970',
    );
  });
});
