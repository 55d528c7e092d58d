// A real editor run headless as the language server's client (neovim.test.ts, emacs.test.ts):
// on a copy of samples/conv.c, with the server's budgets x100 (as LspClient's tests not about
// budgets: a loaded machine must not leave an action "not computed"). The editor's script
// records what it saw, one line per item, in `out` and writes the buffer to `out.c`.

import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./engine";

export async function runEditorOnConv(command: string, args: (file: string, out: string) => string[]): Promise<{ seen: string[]; after: string }> {
  const dir = mkdtempSync(join(tmpdir(), `loopsmith-${command}-`));
  try {
    const file = join(dir, "conv.c"), out = join(dir, "out.txt");
    copyFileSync(join(repoRoot, "samples", "conv.c"), file);
    await promisify(execFile)(command, args(file, out), { timeout: 60_000, env: { ...process.env, LOOPSMITH_BUDGET_SCALE: "100" } });
    return { seen: readFileSync(out, "utf8").split("\n"), after: readFileSync(`${out}.c`, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The variables of the buffer's loop headers, in order. */
export const loopHeaders = (text: string) => [...text.matchAll(/for \((\w) = 0/g)].map((m) => m[1]);
