import { describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli/args.ts";
import { buildTimeFromEnvironment } from "../../src/cli/build-instant.ts";

describe("buildTimeFromEnvironment", () => {
  it("reads SOURCE_DATE_EPOCH as the build's instant, and a value that is no time as a usage mistake", () => {
    vi.stubEnv("SOURCE_DATE_EPOCH", "1800000000");
    expect(buildTimeFromEnvironment().toISOString()).toBe("2027-01-15T08:00:00.000Z");
    vi.stubEnv("SOURCE_DATE_EPOCH", "soon");
    expect(() => buildTimeFromEnvironment()).toThrow(UsageError);
    expect(() => buildTimeFromEnvironment()).toThrow('SOURCE_DATE_EPOCH is "soon": set it to a whole number');
    vi.unstubAllEnvs();
  });
});
