import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, projectPath } from "../src/project-paths.ts";
import { PROJECT_ROOT as TESTS_PROJECT_ROOT } from "./helpers/content-folder.ts";

describe("the project's paths", () => {
  it("find the project's root: the folder of Confide's package.json", () => {
    expect(join(PROJECT_ROOT, "/")).toBe(join(TESTS_PROJECT_ROOT, "/"));
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).name).toBe("confide");
  });

  it("join segments below the root, so files that are not code are found wherever the module runs", () => {
    expect(projectPath("src", "_includes")).toBe(join(PROJECT_ROOT, "src", "_includes"));
    expect(existsSync(projectPath("src/_includes/base.liquid"))).toBe(true);
    expect(projectPath()).toBe(PROJECT_ROOT);
  });

  it("give the same root to the compiled module in dist/, which holds no package.json", async () => {
    const compiled = join(PROJECT_ROOT, "dist/src/project-paths.js");
    expect(existsSync(join(PROJECT_ROOT, "dist/package.json"))).toBe(false);
    const { PROJECT_ROOT: fromDist } = (await import(compiled)) as { PROJECT_ROOT: string };
    expect(fromDist).toBe(PROJECT_ROOT);
  });
});
