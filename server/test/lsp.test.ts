// The language server over stdio, as an editor sees it: a real client (vscode-jsonrpc)
// talks to the built server/dist/server.js (npm test builds first). Assertions are on what
// a user reads: hover text, lens titles, hint labels, diagnostic codes and positions.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { repoRoot } from "./helpers/engine";
import { LspClient, hoverText, serverBundle } from "./helpers/lspClient";
import type { CodeAction, Range } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Engine, shippedTarget } from "../src/engine";

const convText = readFileSync(join(repoRoot, "samples", "conv.c"), "utf8");
const convUri = "file:///work/samples/conv.c";
const whole = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

/** 0-based position of the first occurrence (after the header comment) of `needle` in `text` (plus `delta` characters). */
function at(text: string, needle: string, delta = 0) {
  const i = text.indexOf(needle, text.indexOf("#define")); // past the header comment
  if (i < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, i + delta).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Opens samples/NAME on `c` and waits for its diagnostics; the position just inside the first
 *  `for` after `marker` (a function's header: its nest's first loop). */
async function openAtFirstLoop(c: LspClient, name: string, marker: string) {
  const uri = `file:///work/${name}`;
  const text = readFileSync(join(repoRoot, "samples", name), "utf8");
  await c.open(uri, text);
  await c.diagnostics(uri);
  const before = text.slice(0, text.indexOf("for (", text.indexOf(marker)) + 1).split("\n");
  return { uri, text, pos: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** The refactorings offered at `pos`. */
const refactorsAt = (c: LspClient, uri: string, pos: { line: number; character: number }) =>
  c.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [], only: ["refactor"] } });

let client: LspClient;
beforeAll(async () => {
  if (!existsSync(serverBundle)) spawnSync("node", ["scripts/build.mjs"], { cwd: repoRoot });
  client = await LspClient.start({ inlayHints: { enable: true } });
  await client.open(convUri, convText);
});
afterAll(async () => { await client?.stop(); });

describe("loopsmith lsp on samples/conv.c", () => {
  it("hover on an inner loop shows that loop's own subtree, per run of the loop", async () => {
    const h = hoverText(await client.hover(convUri, at(convText, "for (i = 0; i < K; i++)", 1)));
    expect(h).toContain("one run of loop `i` and its body");
    expect(h).toMatch(/MACs \| 36 = `C\*K\*K`/); // i, j, k: K*K*C
    expect(h).toMatch(/whole nest \(line 27\) \| 442,368/);
  });

  it("an inner triangular loop's figures depend on the enclosing variable, and say so", async () => {
    const uri = "file:///work/syrk.c";
    const text = readFileSync(join(repoRoot, "samples", "triangular.c"), "utf8");
    await client.open(uri, text);
    const h = hoverText(await client.hover(uri, at(text, "for (j = 0; j <= i; j++)", 1)));
    expect(h).toMatch(/MACs \| `M\*\(i \+ 1\)`|MACs \| `\(i \+ 1\)\*M`|MACs \| `M\*i \+ M`/);
    expect(h).toContain("depends on the enclosing loop variable i");
  });

  it("publishes the LS001 stride warning on I[k][x + i][y + j] (line 34)", async () => {
    const p = await client.diagnostics(convUri, (d) => d.some((x) => x.code === "LS001"));
    const d = p.diagnostics.find((x) => x.code === "LS001" && String(x.message).includes("I's"))!;
    expect(d).toBeDefined();
    expect(d.source).toBe("loopsmith");
    expect(d.severity).toBe(2); // Warning
    expect(d.range.start).toEqual(at(convText, "I[k][x + i][y + j]"));
    expect(d.range.start.line + 1).toBe(34);
    expect(d.message).toContain("stride 884 elements");
    expect(d.codeDescription?.href).toMatch(/#ls001$/);
  });

  it("hover on the outer `for` (line 27) shows the exact MAC count and the estimate", async () => {
    const h = hoverText(await client.hover(convUri, { line: 26, character: 5 }));
    expect(h).toContain("442,368");
    expect(h).toContain("442,368 = `N*C*K*K*FW*FH`");
    expect(h).toMatch(/arithmetic intensity \| 7\.85 FLOP\/B/);
    expect(h).toContain("442 µs");
    expect(h).toMatch(/`I\[k\]\[x \+ i\]\[y \+ j\]` read \| 0 elements/);
  });

  it("hover on a tensor-kernel loop names its access order and the layout it walks against (course notes' question 1)", async () => {
    const h = hoverText(await client.hover(convUri, at(convText, "for (y = 0", 1)));
    expect(h).toContain("walks memory as K,H,W,R,S,C; I is CHW (innermost loop `k` (C) steps its C dimension, not its innermost W: stride 884 elements");
  });

  it("hover on an inner loop shows its trip count and the strides it walks", async () => {
    const h = hoverText(await client.hover(convUri, at(convText, "for (k = 0", 1)));
    expect(h).toMatch(/trip count of `k` \| 4 = `C`/);
    expect(h).toMatch(/`I\[k\]\[x \+ i\]\[y \+ j\]` read \| 884 elements = 3\.45 KiB/);
  });

  it("hover on I[k][x + i][y + j] shows its strides and why it is not contiguous", async () => {
    const h = hoverText(await client.hover(convUri, at(convText, "I[k][x + i][y + j]", 2)));
    expect(h).toMatch(/`k` \(innermost\) \| 884 elements/);
    expect(h).toMatch(/`y` \| 1 element = 4 B/);
    expect(h).toContain("Not contiguous");
    expect(h).toContain("innermost loop k walks I's outermost dimension");
  });

  it("hover elsewhere shows nothing", async () => {
    expect(await client.hover(convUri, { line: 0, character: 1 })).toBeNull();
  });

  it("puts a code lens with the headline figures over the outermost loop", async () => {
    const lenses = (await client.codeLens(convUri))!;
    expect(lenses).toHaveLength(1);
    expect(lenses[0].range.start.line).toBe(26);
    expect(lenses[0].command!.title).toBe("442 k MAC · 885 kFLOP · AI 7.85 FLOP/B · ~442 µs @ 1 GHz, 1 MAC/cycle");
    expect(lenses[0].command!.command).toBe("loopsmith.showReport");
  });

  it("shows trip counts as inlay hints after each loop header", async () => {
    const hints = (await client.inlayHints(convUri, whole))!;
    expect(hints.map((h) => h.label)).toEqual(["×16", "×32", "×24", "×3", "×3", "×4"]);
    expect(hints[0].position).toEqual(at(convText, "for (n = 0; n < N; n++)", "for (n = 0; n < N; n++)".length));
  });

  it("serves the full report as Markdown", async () => {
    const r = await client.request<{ markdown: string }>("loopsmith/report", { uri: convUri });
    expect(r.markdown).toContain("## conv:27: conv(), line 27");
    expect(r.markdown).toMatch(/MACs\s+442,368/);
  });

  it("follows incremental edits: #define C 4 -> 8 doubles the MACs", async () => {
    const before = client.published.length;
    const pos = at(convText, "#define C 4", "#define C ".length);
    await client.change(convUri, [{ range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: "8" }]);
    await client.diagnostics(convUri, (_, p) => p.version === 2, before);
    expect(hoverText(await client.hover(convUri, { line: 26, character: 5 }))).toContain("884,736");
    expect((await client.codeLens(convUri))![0].command!.title).toMatch(/^885 k MAC · 1\.77 MFLOP/);
    // Typing a line above the nest moves every range with it.
    await client.change(convUri, [{ range: { start: { line: 22, character: 0 }, end: { line: 22, character: 0 } }, text: "/* moved */\n" }]);
    const p = await client.diagnostics(convUri, (_, q) => q.version === 3, before);
    expect(p.diagnostics.find((d) => d.code === "LS001" && String(d.message).includes("I's"))!.range.start.line).toBe(34);
    expect((await client.codeLens(convUri))![0].range.start.line).toBe(27);
  });
});

describe("loopsmith lsp on unfinished code and settings", () => {
  const uri = "file:///work/half.c";
  const half = "#define N 8\nfloat a[N];\nvoid g(void) {\n  for (int i = 0; i < N; i++) {\n    a[i] = \n";

  it("survives a half-typed document and still publishes diagnostics", async () => {
    await client.open(uri, half);
    const p = await client.diagnostics(uri);
    expect(Array.isArray(p.diagnostics)).toBe(true);
    await client.change(uri, [{ range: { start: { line: 4, character: 11 }, end: { line: 4, character: 11 } }, text: "a[i] * 2.0f;\n  }\n}\n" }]);
    const h = hoverText(await client.hover(uri, { line: 3, character: 3 }));
    expect(h).toMatch(/trip count of `i` \| 8 = `N`/);
  });

  it("keeps up with typing a nest one keystroke at a time, several changes per notification", async () => {
    const u = "file:///work/typed.c";
    const head = "#define N 32\nfloat x[N][N], y[N];\nvoid h(void) {\n";
    const body = "  for (int i = 0; i < N; i++)\n    for (int j = 0; j < N; j++)\n      y[i] += x[j][i] * 3.0f;\n}\n";
    await client.open(u, head);
    let line = 3, character = 0, version = 1;
    for (let i = 0; i < body.length; i += 2) {
      const changes = [...body.slice(i, i + 2)].map((ch) => {
        const c = { range: { start: { line, character }, end: { line, character } }, text: ch };
        if (ch === "\n") { line++; character = 0; } else character++;
        return c;
      });
      version = await client.change(u, changes);
    }
    const p = await client.diagnostics(u, (_, q) => q.version === version);
    expect(p.diagnostics.find((d) => d.code === "LS001")?.range.start).toEqual({ line: 5, character: 14 });
    expect(hoverText(await client.hover(u, { line: 3, character: 3 }))).toMatch(/MACs \| 1,024 = `N\*N`/);
  });

  const symUri = "file:///work/sym.c";
  const sym = "float A[64][64];\nvoid f(int M) {\n  for (int i = 0; i < M; i++)\n    for (int j = 0; j < 64; j++)\n      A[i][j] += A[i][j] * 2.0f;\n}\n";

  it("explains unknown figures with an LS002 hint, and assumptions from the settings bind them", async () => {
    await client.open(symUri, sym);
    const p = await client.diagnostics(symUri, (d) => d.some((x) => x.code === "LS002"));
    const hint = p.diagnostics.find((x) => x.code === "LS002")!;
    expect(hint.severity).toBe(4); // Hint
    expect(hint.message).toContain("M");
    expect(hint.range.start).toEqual({ line: 2, character: 2 });

    const before = client.published.length;
    await client.configure({ inlayHints: { enable: true }, assumptions: { M: 10 } });
    const q = await client.diagnostics(symUri, (d) => !d.some((x) => x.code === "LS002"), before);
    expect(q.diagnostics.some((x) => x.code === "LS002")).toBe(false);
    expect(hoverText(await client.hover(symUri, { line: 2, character: 3 }))).toMatch(/MACs \| 640 = /);
    expect(client.refreshes).toBeGreaterThan(0);
  });

  it("turns diagnostics, lenses and hints off from the settings", async () => {
    const before = client.published.length;
    await client.configure({ diagnostics: { nonUnitStride: "off" }, codeLens: { enable: false }, inlayHints: { enable: false } });
    const p = await client.diagnostics(convUri, () => true, before);
    expect(p.diagnostics.some((x) => x.code === "LS001")).toBe(false);
    expect(await client.codeLens(convUri)).toEqual([]);
    expect(await client.inlayHints(convUri, whole)).toEqual([]);
    await client.configure({ diagnostics: { lowIntensityThreshold: 100 } });
    const q = await client.diagnostics(convUri, (d) => d.some((x) => x.code === "LS003"), before);
    expect(q.diagnostics.find((x) => x.code === "LS003")!.message).toContain("FLOP/B");
  });
});

describe("loopsmith lsp --stdio (the CLI entry)", () => {
  it("serves the same features", async () => {
    const c = await LspClient.start({}, [join(repoRoot, "server", "bin", "loopsmith.js"), "lsp", "--stdio"]);
    try {
      await c.open(convUri, convText);
      const p = await c.diagnostics(convUri, (d) => d.length > 0);
      expect(p.diagnostics.map((d) => d.code)).toContain("LS001");
    } finally { await c.stop(); }
  });
});

describe("import boundaries", () => {
  const { readdirSync } = require("node:fs") as typeof import("node:fs");
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
  const imports = (f: string) => [...readFileSync(f, "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]);

  it("vscode-languageserver only in server/src/lsp and server.ts; vscode only in client/", () => {
    for (const f of files(join(repoRoot, "server", "src"))) {
      const rel = f.slice(repoRoot.length + 1);
      const lspAllowed = rel.startsWith("server/src/lsp/") || rel === "server/src/server.ts";
      for (const m of imports(f)) {
        if (m.startsWith("vscode-languageserver")) expect(lspAllowed, `${rel} imports ${m}`).toBe(true);
        expect(m === "vscode", `${rel} imports vscode`).toBe(false);
      }
    }
  });
});

describe("large files", () => {
  it("publishes the first slice of a 10,000-line file early, then the whole file; lenses within their budget, refreshed when complete", async () => {
    const { generateLargeC } = await import("../../scripts/gen-large-c");
    const { text } = generateLargeC();
    const big = await LspClient.start({}, undefined, 1); // the real budgets
    try {
      const uri = "file:///work/large.c";
      const lines = text.split("\n").length;
      await big.open(uri, text);
      const first = await big.diagnostics(uri);
      const t0 = performance.now();
      const early = (await big.codeLens(uri))!; // answered from what is analysed so far
      const lensMs = performance.now() - t0;
      const last = await big.diagnostics(uri, (d) => d.some((x) => x.range.start.line > lines * 0.9)); // the end of the file is analysed too
      expect(last.diagnostics.length).toBeGreaterThanOrEqual(first.diagnostics.length);
      const all = (await big.codeLens(uri))!;
      expect(all.length).toBeGreaterThan(early.length);
      expect(lensMs).toBeLessThan(2000); // the 50 ms budget, with generous room for a loaded machine
      await vi.waitFor(() => expect(big.refreshes).toBeGreaterThan(0), { timeout: 20_000 }); // the partial lenses are refreshed
    } finally {
      await big.stop();
    }
  }, 60_000);
});

describe("request hygiene", () => {
  it("malformed params answer InvalidParams with a one-line reason, not a TypeError", async () => {
    const err = await client.request("textDocument/hover", { textDocument: {}, position: { line: -1 } }).then(() => null, (e: { code: number; message: string }) => e);
    expect(err?.code).toBe(-32602);
    expect(err?.message).toContain("textDocument.uri must be a string");
    const err2 = await client.request("textDocument/hover", { textDocument: { uri: convUri }, position: { line: "x", character: 0 } }).then(() => null, (e: { code: number; message: string }) => e);
    expect(err2?.code).toBe(-32602);
    expect(err2?.message).toContain("position must be {line, character}");
    const err3 = await client.request("codeAction/resolve", { title: "x", data: { uri: convUri } }).then(() => null, (e: { code: number; message: string }) => e);
    expect(err3?.code).toBe(-32602);
  });

  it("a resolve whose data names line 3,000,000,000 is refused at once", async () => {
    const t0 = performance.now();
    const r = await client.request<{ edit?: unknown }>("codeAction/resolve", { title: "x", data: { uri: convUri, spec: { kind: "layout", nest: "conv:3000000000" } } });
    expect(r.edit).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("a cancelled request answers RequestCancelled (-32800)", async () => {
    const { CancellationTokenSource } = await import("vscode-jsonrpc");
    // A request behind work (a file being opened and parsed) that the client cancels meanwhile.
    const { generateLargeC } = await import("../../scripts/gen-large-c");
    const uri = "file:///work/cancel-large.c";
    await client.open(uri, generateLargeC().text);
    const source = new CancellationTokenSource();
    const p = client.rpc.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: { start: { line: 26, character: 4 }, end: { line: 26, character: 4 } }, context: { diagnostics: [] } }, source.token);
    source.cancel();
    const err = await p.then(() => null, (e: { code: number }) => e);
    expect(err?.code).toBe(-32800);
  });

  it("a didChange whose range runs backwards is read forwards: the same figures as a fresh open", async () => {
    const uri = "file:///work/backwards.c";
    const text = "#define N 8\nfloat a[N][N];\nvoid g(void) {\n  for (int i = 0; i < N; i++)\n    for (int j = 0; j < N; j++)\n      a[j][i] += 1.0f;\n}\n";
    await client.open(uri, text);
    await client.diagnostics(uri);
    // Replace "8" (line 0, characters 10..11) by "16", the range given end first.
    const v = await client.change(uri, [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 10 } }, text: "16" }]);
    await client.diagnostics(uri, (_, p) => p.version === v);
    const h = hoverText(await client.hover(uri, { line: 3, character: 3 }));
    expect(h).toMatch(/trip count of `i` \| 16 = `N`/);
    expect(client.stderr.join("")).not.toContain("out of sync");
  });

  it("several changes in one didChange of a file with a syntax error (one fresh parse): the same report as a fresh open", async () => {
    const uri = "file:///work/broken-multi.c";
    const text = "#define N 8\nfloat a[N][N];\nvoid g(void) {\n  for (int i = 0; i < N; i++)\n    for (int j = 0; j < N; j++)\n      a[j][i] += 1.0f;\n}\nvoid h(void) { int x = (1 + ; }\n";
    await client.open(uri, text);
    await client.diagnostics(uri);
    // In order, each against the text the previous one left: N 8 -> 16, then j's bound N -> 4.
    const v = await client.change(uri, [
      { range: { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } }, text: "16" },
      { range: { start: { line: 4, character: 24 }, end: { line: 4, character: 25 } }, text: "4" },
    ]);
    const edited = text.replace("N 8", "N 16").replace("j < N", "j < 4");
    const got = await client.diagnostics(uri, (_, p) => p.version === v);
    const report = (await client.request<{ markdown: string }>("loopsmith/report", { uri })).markdown;
    const fresh = "file:///work/broken-multi-fresh.c";
    await client.open(fresh, edited);
    const want = await client.diagnostics(fresh);
    const wantReport = (await client.request<{ markdown: string }>("loopsmith/report", { uri: fresh })).markdown;
    expect(report).toMatch(/syntax error/); // the error is still there
    expect(got.diagnostics).toEqual(want.diagnostics);
    expect(report.split("broken-multi.c").join("X")).toBe(wantReport.split("broken-multi-fresh.c").join("X"));
    expect(hoverText(await client.hover(uri, { line: 4, character: 5 }))).toMatch(/trip count of `j` \| 4/);
  });
});

describe("a broken file's changes are parsed when next read", () => {
  it("a burst of changes is one fresh parse, equal to a fresh open; once mended, edits are incremental again", async () => {
    const { Documents } = await import("../src/lsp/documents");
    const engine = await Engine.create();
    const docs = new Documents(engine, {});
    const uri = "file:///work/burst.c";
    const text = "#define N 8\nfloat a[N][N];\nvoid g(void) {\n  for (int i = 0; i < N; i++)\n    for (int j = 0; j < N; j++)\n      a[j][i] += 1.0f;\n}\nvoid h(void) { int x = (1 + ; }\n";
    const doc = docs.open(uri, "c", 1, text);
    const engineDoc = doc.source;
    const setText = vi.spyOn(engineDoc, "setText"), edit = vi.spyOn(engineDoc, "edit");
    // Three keystrokes on line 0 ("8" -> "16" -> "160" -> "16"), each its own didChange.
    docs.change(uri, 2, [{ range: { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } }, text: "16" }]);
    docs.change(uri, 3, [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } }, text: "0" }]);
    docs.change(uri, 4, [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 13 } }, text: "" }]);
    expect(setText).not.toHaveBeenCalled();
    const report = docs.report(docs.get(uri)!);
    expect(setText).toHaveBeenCalledTimes(1);
    const edited = text.replace("N 8", "N 16");
    expect(doc.source.text).toBe(edited);
    const fresh = engine.open(edited).report();
    expect(report.nests.map((n) => n.iterations.expr + " " + n.iterations.value)).toEqual(fresh.nests.map((n) => n.iterations.expr + " " + n.iterations.value));
    expect(report.problems).toEqual(fresh.problems);
    // Mend h (" + " -> ")"): parsed once more when read, and the file is whole again, so the
    // next change is an incremental edit.
    docs.change(uri, 5, [{ range: { start: { line: 7, character: 25 }, end: { line: 7, character: 28 } }, text: ")" }]);
    expect(docs.report(docs.get(uri)!).problems.some((p) => /syntax/.test(p.message))).toBe(false);
    expect(setText).toHaveBeenCalledTimes(2);
    docs.change(uri, 6, [{ range: { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } }, text: "4" }]);
    expect(edit).toHaveBeenCalledTimes(1);
    expect(docs.report(docs.get(uri)!).nests[0].iterations.value).toBe(16);
  });
});

describe("hover layout per client", () => {
  it("tables for VS Code, lists for other Markdown clients, plain text without Markdown", async () => {
    const { hoverFormat, withoutTables, plain } = await import("../src/lsp/hover");
    expect(hoverFormat("Visual Studio Code", ["markdown", "plaintext"])).toBe("tables");
    expect(hoverFormat("Neovim", ["markdown", "plaintext"])).toBe("lists");
    expect(hoverFormat("helix", undefined)).toBe("lists");
    expect(hoverFormat("Emacs", ["plaintext"])).toBe("plaintext");
    expect(withoutTables("**x**\n\n| | |\n|---|---|\n| MACs | 36 = `C*K*K` |\n| a \\| b | c |")).toBe("**x**\n\n- MACs: 36 = `C*K*K`\n- a | b: c");
    // A product in a code span keeps its stars (an emphasis regex run first once ate them: NCKK).
    expect(plain("**Loopsmith** · *loop n*\n- MACs: 36 = `C*K*K` (`2*N`), a \\* b")).toBe("Loopsmith · loop n\n- MACs: 36 = C*K*K (2*N), a * b");
  });
});

describe("code actions on a target with a memory model", () => {
  it("are titled with the predicted time before -> after, and a slower one says so and comes last", async () => {
    const c = await LspClient.start({ target: "Cortex-M7" });
    try {
      const { uri, pos } = await openAtFirstLoop(c, "stencil.c", "void");
      const actions = await refactorsAt(c, uri, pos);
      const enabled = actions.filter((a) => !a.disabled).map((a) => a.title);
      expect(enabled.some((t) => / on Cortex-M7 .*\((no change|\d+\.\dx)\)$/.test(t))).toBe(true);
      expect(enabled[enabled.length - 1]).toMatch(/^Reorder loops to j,i: .* \(slower: ~40\.0 µs -> ~\d+(\.\d)? µs on Cortex-M7/);
    } finally { await c.stop(); }
  });
});

describe("the Optimise action", () => {
  it("offers the plan on the nest's outermost loop, titled with its steps and predicted gain; resolve replays it", async () => {
    const c = await LspClient.start({ target: "x86-64" });
    try {
      const { uri, text, pos } = await openAtFirstLoop(c, "matmul.c", "void");
      const actions = await refactorsAt(c, uri, pos);
      const opt = actions.find((a) => a.kind === "refactor.rewrite.loopsmith.optimize")!;
      expect(opt.disabled).toBeUndefined();
      expect(opt.title).toMatch(/^Optimise for x86-64 desktop: layout; .* \(predicted \d+\.\dx\)$/);
      const resolved = await c.request<CodeAction>("codeAction/resolve", opt);
      const after = TextDocument.applyEdits(TextDocument.create(uri, "c", 0, text), resolved.edit!.changes![uri]);
      const engine = await Engine.create();
      const expected = engine.optimize(text, { nest: "matmul:19" }, { target: shippedTarget("x86-64")! });
      expect(expected.ok && expected.text).toBe(after);
    } finally { await c.stop(); }
  });
});

describe("the Optimise action of a nest whose search outlasts the code actions' budget", () => {
  it("is computed in the background: disabled while it runs, then offered, and resolves to the plan", async () => {
    // Budgets at their real size (scale 1): conv.c's search takes seconds, not 200 ms.
    const c = await LspClient.start({ target: "x86-64" }, undefined, 1);
    try {
      const { uri, text, pos } = await openAtFirstLoop(c, "conv.c", "void conv");
      const optimiseAt = async (p: typeof pos) => (await refactorsAt(c, uri, p)).find((a) => a.kind === "refactor.rewrite.loopsmith.optimize");
      const ask = () => optimiseAt(pos);
      const first = await ask();
      expect(first?.disabled?.reason).toMatch(/computing the plan in the background/);
      // Hovers are answered while the worker searches.
      expect(hoverText(await c.hover(uri, pos))).toMatch(/MACs/);
      let opt = first;
      for (let i = 0; i < 240 && opt?.disabled; i++) { await new Promise((r) => setTimeout(r, 250)); opt = await ask(); }
      expect(opt?.disabled).toBeUndefined();
      expect(opt!.title).toMatch(/^Optimise for x86-64 desktop: .* \(predicted \d+\.\dx\)$/);
      const resolved = await c.request<CodeAction>("codeAction/resolve", opt);
      const after = TextDocument.applyEdits(TextDocument.create(uri, "c", 0, text), resolved.edit!.changes![uri]);
      const expected = (await Engine.create()).optimize(text, { nest: "conv:27" }, { target: shippedTarget("x86-64")! });
      expect(expected.ok && expected.text).toBe(after);
      // An edit makes it stale: the next request at the nest starts over.
      await c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "\n" }]);
      const moved = { line: pos.line + 1, character: pos.character };
      const again = await optimiseAt(moved);
      expect(again?.disabled?.reason).toMatch(/computing the plan in the background/);
    } finally { await c.stop(); }
  }, 90_000);
});

describe("the report view's data (loopsmith/reportData)", () => {
  type Data = {
    target: { name: string; compute: { rate: number; unit: string }[]; bandwidth: { label: string; gbs: number }[]; notes: string[] };
    nests: { id: string; macs: { value: number }; limiter: string; intensity: number; gflops: number; levels: { level: string }[]; offers: { title: string; before?: number; after?: number; arrow?: string }[]; offersNote?: string }[];
    svg: string; css: string; markdown: string;
  };
  it("on a target with a cache model: figures, per-level traffic, roofs, the nest's point and an arrow per ranked rewrite", async () => {
    const c = await LspClient.start({ target: "Cortex-A53 (Raspberry Pi 3)" });
    try {
      await c.open(convUri, convText);
      const d = await c.request<Data>("loopsmith/reportData", { uri: convUri });
      expect(d.target.name).toBe("Cortex-A53 (Raspberry Pi 3)");
      expect(d.target.compute[0]).toMatchObject({ rate: 4.8, unit: "GFLOP/s" }); // 4 FLOP/cycle x 1.2 GHz
      expect(d.target.bandwidth).toEqual([{ label: "DRAM", gbs: 3.6 }]);
      expect(d.target.notes.join(" ")).toContain("DRAM roof is the only memory roof"); // no cache bandwidth in the file
      const n = d.nests[0];
      expect(n.id).toBe("conv:27");
      expect(n.macs.value).toBe(442368);
      expect(n.levels.map((l) => l.level)).toEqual(["L1", "L2"]);
      expect(n.intensity).toBeGreaterThan(0);
      expect(d.svg).toContain('data-nest="conv:27"');
      expect(d.svg).toContain('data-roof="DRAM"');
      // Ranked rewrites carry the predicted times, and each arrow id is an arrow of the chart.
      const withArrow = n.offers.filter((o) => o.arrow);
      expect(withArrow.length).toBeGreaterThan(0);
      for (const o of withArrow) { expect(o.before).toBeGreaterThan(0); expect(d.svg).toContain(`data-arrow="${o.arrow}"`); }
      expect(d.css).toContain("var(--vscode-editor-foreground");
      expect(d.markdown).toContain("## conv:27: conv(), line 27");
    } finally { await c.stop(); }
  });

  it("on the course notes' target says there is no memory roof and no ranking", async () => {
    const d = await client.request<Data>("loopsmith/reportData", { uri: convUri });
    expect(d.target.bandwidth).toEqual([]);
    expect(d.target.notes.join(" ")).toContain("has no DRAM bandwidth: no memory roof");
    expect(d.nests[0].offersNote).toContain("not ranked");
    expect(d.nests[0].offers.every((o) => !o.arrow)).toBe(true);
    expect(d.svg).not.toContain("roof bandwidth");
    expect(d.svg).toContain(`data-nest="${d.nests[0].id}"`); // the earlier tests moved the nest a line down
  });

  it("answers null for a file that is not open, InvalidParams without a uri", async () => {
    expect(await client.request("loopsmith/reportData", { uri: "file:///nowhere.c" })).toBeNull();
    await expect(client.request("loopsmith/reportData", {})).rejects.toThrow(/uri must be a string/);
  });
});

describe("after the LS001 quick fix on a target with a memory model", () => {
  it("the code lens and the hover show the predicted time the fix's title promised (matmul 256^3 on Cortex-M7)", async () => {
    const c = await LspClient.start({ target: "Cortex-M7" });
    try {
      const uri = "file:///work/matmul256.c";
      // 256^3 floats: B (256 KiB) is far past the M7's 16 KiB cache, so the j,k order streams a
      // column of B per C[i][j] from memory: memory-bound, and the i,k,j order fixes it.
      const text = readFileSync(join(repoRoot, "samples", "matmul.c"), "utf8").replace(/#define ([MNP]) \d+/g, "#define $1 256");
      await c.open(uri, text);
      const d = (await c.diagnostics(uri)).diagnostics.find((x) => x.code === "LS001")!;
      const time = (s: string) => { const m = /~(\d+(?:\.\d+)?) (ms|µs)/.exec(s)!; return Number(m[1]) * (m[2] === "ms" ? 1e-3 : 1e-6); };
      const lensTimes = async () => ((await c.codeLens(uri)) ?? []).map((l) => time(l.command!.title));
      const outer = { line: text.slice(0, text.indexOf("for (int i")).split("\n").length - 1, character: 5 };
      const beforeLens = await lensTimes();
      expect(beforeLens).toHaveLength(1);
      expect(hoverText(await c.hover(uri, outer))).toContain("~286 ms on Cortex-M7");

      const actions = await c.request<{ title: string; kind: string; data: unknown }[]>("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ["quickfix"] } });
      expect(actions).toHaveLength(1);
      const m = /^Split the nest and reorder to i,k,j: innermost stride 256 -> 1: ~(\S+ ms) -> ~(\S+ ms) on Cortex-M7 \(STM32H743, 480 MHz\) \((\d+\.\d)x\)$/.exec(actions[0].title);
      expect(m, actions[0].title).not.toBeNull();
      expect(time(`~${m![1]}`)).toBeCloseTo(beforeLens[0], 4);
      const resolved = await c.request<{ edit: { changes: Record<string, { range: Range; newText: string }[]> } }>("codeAction/resolve", actions[0]);
      const edits = resolved.edit.changes[uri];
      const published = c.published.length;
      await c.change(uri, [...edits].reverse().map((e) => ({ range: e.range, text: e.newText })));
      await c.diagnostics(uri, (_, p) => p.version === 2, published);

      // Two nests now (the zeroing of C, then i,k,j): their lenses add up to the promised time.
      const afterLens = await lensTimes();
      expect(afterLens).toHaveLength(2);
      const sum = afterLens.reduce((a, b) => a + b, 0);
      expect(sum / time(`~${m![2]}`)).toBeGreaterThan(0.97);
      expect(sum / time(`~${m![2]}`)).toBeLessThan(1.03);
      expect(sum * 4).toBeLessThan(beforeLens[0]);
      // The compute nest's hover says the same as its lens, and less than before.
      const lenses = (await c.codeLens(uri))!;
      const compute = lenses[1];
      const hover = hoverText(await c.hover(uri, { line: compute.range.start.line, character: compute.range.start.character + 5 }));
      expect(time(hover)).toBeCloseTo(time(compute.command!.title), 6);
      expect(time(hover) * 4).toBeLessThan(beforeLens[0]);
    } finally { await c.stop(); }
  });
});
