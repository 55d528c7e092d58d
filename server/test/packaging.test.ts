// The repository as a newcomer installs it: `npm install` on a fresh clone must not rewrite
// package-lock.json (its root entry must already say what npm would write from package.json).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/engine";

const json = (f: string) => JSON.parse(readFileSync(join(repoRoot, f), "utf8"));

describe("package-lock.json", () => {
  it("its root entry matches package.json (engines, dependencies, workspaces), so npm install leaves it as committed", () => {
    const pkg = json("package.json"), lock = json("package-lock.json");
    const root = lock.packages[""];
    expect(root.name).toBe(pkg.name);
    expect(root.version).toBe(pkg.version);
    expect(root.engines).toEqual(pkg.engines);
    expect(root.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
    expect(root.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(root.workspaces).toEqual(pkg.workspaces);
  });
});
