import { describe, expect, it } from "vitest";
import { rejectUnknownOptions, withoutKeys } from "../../src/options/reject-unknown-options.ts";

describe("rejectUnknownOptions", () => {
  it("accepts an options object with nothing left over", () => {
    expect(() => rejectUnknownOptions("loadContent", {})).not.toThrow();
  });

  it("throws a TypeError naming the function and every unknown option, in order", () => {
    expect(() => rejectUnknownOptions("loadContent", { dri: "content", nwo: 1 })).toThrow(
      new TypeError("loadContent: unknown option dri, nwo"),
    );
  });

  it("counts an option set to undefined as given: a misspelt name is still a mistake", () => {
    expect(() => rejectUnknownOptions("buildSite", { ouput: undefined })).toThrow(
      "buildSite: unknown option ouput",
    );
  });

  it("names options whose names are hostile or not ASCII as they are", () => {
    expect(() => rejectUnknownOptions("f", { répertoire: 1, "a, b": 2 })).toThrow(
      "f: unknown option répertoire, a, b",
    );
  });
});

describe("withoutKeys", () => {
  it("leaves out the names the function knows, and keeps the others with their values", () => {
    expect(withoutKeys({ dir: "x", now: 1, extra: true }, ["dir", "now"])).toEqual({ extra: true });
  });

  it("gives an empty object when every name is known, and never changes its argument", () => {
    const options = { dir: "x" };
    expect(withoutKeys(options, ["dir", "now"])).toEqual({});
    expect(options).toEqual({ dir: "x" });
  });

  it("works with rejectUnknownOptions for functions that read options by name", () => {
    expect(() =>
      rejectUnknownOptions("caseStore", withoutKeys({ dir: "x", kye: "k" }, ["dir", "key"])),
    ).toThrow("caseStore: unknown option kye");
  });
});
