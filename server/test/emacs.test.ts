// Another editor, for real: Emacs 28 in batch mode with eglot 1.9 (Debian's emacs-nox and
// elpa-eglot; .ci/run installs them) runs server/test/editors/eglot.el against the built
// server. eglot asks for plain-text hovers (without markdown-mode) and never resolves a code
// action's edit: the server gives such a client a command per action, and the edit comes back
// as workspace/applyEdit, applied by eglot's own code. Skipped, saying so, without Emacs/eglot.

import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/engine";
import { serverBundle } from "./helpers/lspClient";

const hasEglot = spawnSync("emacs", ["--batch", "--eval", "(require 'eglot)"], { encoding: "utf8" }).status === 0;
if (!hasEglot) console.log("emacs.test.ts: emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot): skipped");

describe.skipIf(!hasEglot)("Emacs with eglot (batch) as the client", () => {
  it("shows the hover as plain text and applies a reorder action through eglot's code-action path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loopsmith-eglot-"));
    try {
      const file = join(dir, "conv.c"), out = join(dir, "out.txt");
      copyFileSync(join(repoRoot, "samples", "conv.c"), file);
      await promisify(execFile)("emacs", ["--batch", "-l", join(repoRoot, "server", "test", "editors", "eglot.el"), serverBundle, file, out], { timeout: 60_000, env: { ...process.env, LOOPSMITH_BUDGET_SCALE: "100" } });
      const seen = readFileSync(out, "utf8").split("\n");
      expect(seen[0]).toBe("connected t");
      const hover = seen.slice(seen.findIndex((l) => l.startsWith("HOVER ")), seen.findIndex((l) => l.startsWith("ACTION "))).join("\n");
      expect(hover).toContain("- MACs: 442,368 = N*C*K*K*FW*FH");
      expect(hover).not.toMatch(/[`|]/); // plain text: no code spans, no table rows
      expect(seen.find((l) => l.startsWith("APPLIED "))).toMatch(/^APPLIED Reorder loops to x,n/);
      const after = readFileSync(`${out}.c`, "utf8");
      const headers = [...after.matchAll(/for \((\w) = 0/g)].map((m) => m[1]);
      expect(headers.slice(0, 2)).toEqual(["x", "n"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
