// Another editor, for real: Emacs 28 in batch mode with eglot 1.9 (Debian's emacs-nox and
// elpa-eglot; .ci/run installs them) runs server/test/editors/eglot.el against the built
// server. eglot asks for plain-text hovers (without markdown-mode) and never resolves a code
// action's edit: the server gives such a client a command per action, and the edit comes back
// as workspace/applyEdit, applied by eglot's own code. Skipped, saying so, without Emacs/eglot.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/engine";
import { serverBundle } from "./helpers/lspClient";
import { loopHeaders, runEditorOnConv } from "./helpers/editorRun";

const hasEglot = spawnSync("emacs", ["--batch", "--eval", "(require 'eglot)"], { encoding: "utf8" }).status === 0;
if (!hasEglot) console.log("emacs.test.ts: emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot): skipped");

describe.skipIf(!hasEglot)("Emacs with eglot (batch) as the client", () => {
  it("shows the hover as plain text and applies a reorder action through eglot's code-action path", async () => {
    const { seen, after } = await runEditorOnConv("emacs", (file, out) => ["--batch", "-l", join(repoRoot, "server", "test", "editors", "eglot.el"), serverBundle, file, out]);
    expect(seen[0]).toBe("connected t");
    const hover = seen.slice(seen.findIndex((l) => l.startsWith("HOVER ")), seen.findIndex((l) => l.startsWith("ACTION "))).join("\n");
    expect(hover).toContain("- MACs: 442,368 = N*C*K*K*FW*FH");
    expect(hover).not.toMatch(/[`|]/); // plain text: no code spans, no table rows
    expect(seen.find((l) => l.startsWith("APPLIED "))).toMatch(/^APPLIED Reorder loops to x,n/);
    expect(loopHeaders(after).slice(0, 2)).toEqual(["x", "n"]);
  }, 90_000);
});
