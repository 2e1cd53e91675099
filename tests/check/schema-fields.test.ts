import { describe, expect, it } from "vitest";
import { z } from "zod";
import { lookUpField } from "../../src/check/schema-fields.ts";
import { siteSchema } from "../../src/site/site-schema.ts";

const schema = z.strictObject({
  event: z.strictObject({ name: z.string(), dates: z.string().optional() }),
  form: z.strictObject({ id: z.string() }).nullable().optional(),
  channels: z.array(z.strictObject({ name: z.string() })).optional(),
  note: z.string().optional(),
});

describe("lookUpField", () => {
  it("knows a field the schema has, whether or not a file sets it", () => {
    expect(lookUpField({ schema, path: ["event", "name"] })).toEqual({ kind: "known" });
    expect(lookUpField({ schema, path: ["event", "dates"] })).toEqual({ kind: "known" });
    expect(lookUpField({ schema, path: [] })).toEqual({ kind: "known" });
  });

  it("says where a path went astray, which name is unknown, and the names known there", () => {
    expect(lookUpField({ schema, path: ["event", "date"] })).toEqual({
      kind: "unknown",
      at: ["event"],
      name: "date",
      known: ["name", "dates"],
    });
    expect(lookUpField({ schema, path: ["evnt", "name"] })).toEqual({
      kind: "unknown",
      at: [],
      name: "evnt",
      known: ["event", "form", "channels", "note"],
    });
  });

  it("looks through a group that may be left out or empty", () => {
    expect(lookUpField({ schema, path: ["form", "id"] })).toEqual({ kind: "known" });
    expect(lookUpField({ schema, path: ["form", "idd"] })).toMatchObject({
      kind: "unknown",
      at: ["form"],
      known: ["id"],
    });
  });

  it("takes paths into lists and text as known: the schema cannot say more", () => {
    expect(lookUpField({ schema, path: ["channels", "0", "anything"] })).toEqual({ kind: "known" });
    expect(lookUpField({ schema, path: ["note", "length"] })).toEqual({ kind: "known" });
  });

  it("issue 13: does not take an inherited name such as constructor or toString for a field", () => {
    expect(lookUpField({ schema, path: ["constructor"] })).toMatchObject({
      kind: "unknown",
      name: "constructor",
    });
  });

  it("knows site.yaml's own settings, as the page checks look them up", () => {
    expect(lookUpField({ schema: siteSchema, path: ["event", "name"] })).toEqual({ kind: "known" });
    expect(lookUpField({ schema: siteSchema, path: ["event", "nmae"] })).toMatchObject({
      kind: "unknown",
      at: ["event"],
      name: "nmae",
    });
  });
});
