import { describe, expect, it } from "vitest";
import { z } from "zod";
import { inputJsonSchema } from "../../src/check/json-schema.ts";
import { siteSchema } from "../../src/site/site-schema.ts";

describe("inputJsonSchema", () => {
  it("issue 11: converts a schema once, and gives every check the same JSON Schema", () => {
    const first = inputJsonSchema(siteSchema);
    expect(inputJsonSchema(siteSchema)).toBe(first);
    expect(Object.keys(first.properties ?? {})).toContain("event");
  });

  it("describes the input side: fields with defaults are optional, descriptions kept", () => {
    const schema = z.strictObject({
      title: z.string().describe("the page's heading"),
      order: z.number().default(1),
    });
    expect(inputJsonSchema(schema)).toMatchObject({
      type: "object",
      properties: { title: { type: "string", description: "the page's heading" }, order: { type: "number" } },
      required: ["title"],
    });
  });
});
