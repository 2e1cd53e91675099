import { describe, expect, it } from "vitest";
import { parseCommandArgs, parseDays, parsePort, UsageError } from "../../src/cli/args.ts";

describe("command-line arguments", () => {
  it("parse a subcommand's options and positionals", () => {
    const { values, positionals } = parseCommandArgs(
      ["--key", "a.asc", "export.csv"],
      { key: { type: "string" } },
      { positionals: true },
    );
    expect(values).toEqual({ key: "a.asc" });
    expect(positionals).toEqual(["export.csv"]);
  });

  it("turn an unknown option into a UsageError that names it", () => {
    expect(() => parseCommandArgs(["--kye", "a.asc"], { key: { type: "string" } })).toThrow(UsageError);
    expect(() => parseCommandArgs(["--kye", "a.asc"], { key: { type: "string" } })).toThrow("--kye");
  });

  it("read durations in days or weeks, and refuse anything else with the forms that work", () => {
    expect(parseDays("30d")).toBe(30);
    expect(parseDays("45")).toBe(45);
    expect(parseDays("2w")).toBe(14);
    expect(parseDays(" 3 weeks ")).toBe(21);
    expect(() => parseDays("a month")).toThrow(
      '"a month" is not a duration: write a number of days such as 30d',
    );
  });

  it("read a port as digits from 0 to 65535, refusing what Number() alone would let through", () => {
    expect(parsePort("8080")).toBe(8080);
    expect(parsePort("0")).toBe(0);
    expect(parsePort("65535")).toBe(65535);
    for (const text of ["", " 80", "80 ", "0x50", "1e3", "-1", "80.5", "65536", "999999", "http"]) {
      expect(() => parsePort(text), text).toThrow(UsageError);
      expect(() => parsePort(text), text).toThrow(`"${text}" is not a port number.`);
    }
  });

  it("refuse an argument a command does not read, and point a folder at --content when it has one", () => {
    expect(() => parseCommandArgs(["mysite"], { content: { type: "string" } })).toThrow(
      'unexpected argument "mysite". A content folder is given as --content mysite.',
    );
    expect(() => parseCommandArgs(["--port", "1", "x"], { port: { type: "string" } })).toThrow(
      new UsageError('unexpected argument "x".'),
    );
    expect(
      parseCommandArgs(["a.csv", "b.json"], { key: { type: "string" } }, { positionals: true }).positionals,
    ).toEqual(["a.csv", "b.json"]);
  });
});
