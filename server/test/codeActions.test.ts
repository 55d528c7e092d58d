// Code actions over stdio: the stride quick fix and the loop refactorings, resolved into edits
// that, applied to the text, give the rewritten nest.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { repoRoot } from "./helpers/engine";
import { LspClient, serverBundle } from "./helpers/lspClient";

const convText = readFileSync(join(repoRoot, "samples", "conv.c"), "utf8");
const convUri = "file:///work/samples/conv.c";
let client: LspClient;

beforeAll(async () => {
  if (!existsSync(serverBundle)) spawnSync("node", ["scripts/build.mjs"], { cwd: repoRoot });
  client = await LspClient.start();
});
afterAll(async () => { await client?.stop(); });

const applyTo = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create("x", "c", 0, text), edits);
const pos = (text: string, needle: string) => {
  const before = text.slice(0, text.indexOf(needle, text.indexOf("#define"))).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe("code actions", () => {
  it("the LS001 quick fix reorders the band so the innermost loop is stride 1", async () => {
    await client.open(convUri, convText);
    const p = await client.diagnostics(convUri, (d) => d.some((x) => x.code === "LS001"));
    const d = p.diagnostics.find((x: Diagnostic) => x.code === "LS001" && String(x.message).includes("I's"))!;
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: convUri }, range: d.range, context: { diagnostics: [d], only: ["quickfix"] },
    });
    const fix = actions.find((a) => a.kind === "quickfix")!;
    expect(fix.title).toBe("Reorder loops to k,i,j: innermost stride 884 -> 1 (reorders floating-point sums)");
    expect(fix.isPreferred).toBe(true);
    const resolved = await client.request<CodeAction>("codeAction/resolve", fix);
    const after = applyTo(convText, resolved.edit!.changes![convUri]);
    const order = [...after.matchAll(/for \((\w) = 0;/g)].map((m) => m[1]);
    expect(order).toEqual(["n", "x", "y", "k", "i", "j"]);
    expect(after).toContain("O[n][x][y] = B[n]; /* add bias */");
  });

  it("offers the refactorings on a loop header, with the engine's titles", async () => {
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: convUri }, range: { start: pos(convText, "for (n"), end: pos(convText, "for (n") }, context: { diagnostics: [] },
    });
    const titles = actions.map((a) => a.title);
    expect(titles).toContain("Split the nest into 3 nests at loop y");
    expect(titles.some((t) => t.startsWith("Split the nest into 3 and reorder the compute nest to n,x,k,i,j,y: innermost stride 884 -> 1"))).toBe(true);
    expect(titles.some((t) => t.startsWith("Reorder loops to x,n"))).toBe(true);
    expect(actions.every((a) => a.kind!.startsWith("refactor.rewrite.loopsmith."))).toBe(true);
    const layout = actions.find((a) => a.kind === "refactor.rewrite.loopsmith.layout")!;
    const resolved = await client.request<CodeAction>("codeAction/resolve", layout);
    const after = applyTo(convText, resolved.edit!.changes![convUri]);
    expect(after.match(/for \(n = 0; n < N; n\+\+\)/g)).toHaveLength(3);
  });

  it("offers the while-to-for rewrite on a counted while's header, and it resolves to the for loop", async () => {
    const uri = "file:///work/colmean.c";
    const text = readFileSync(join(repoRoot, "server", "test", "data", "transform", "whileToFor", "avgpool.before.c"), "utf8");
    await client.open(uri, text);
    const line = text.split("\n").findIndex((l) => l.includes("while (cnt--)"));
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri }, range: { start: { line, character: 12 }, end: { line, character: 12 } }, context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.kind)).toEqual(["refactor.rewrite.loopsmith.whileToFor"]);
    expect(actions[0].title).toBe("Rewrite while (cnt--) as a for loop with subscripts for p");
    const resolved = await client.request<CodeAction>("codeAction/resolve", actions[0]);
    const after = applyTo(text, resolved.edit!.changes![uri]);
    expect(after).toBe(readFileSync(join(repoRoot, "server", "test", "data", "transform", "whileToFor", "avgpool.after.c"), "utf8"));
  });

  it("offers the pointer walks' replacement by subscripts on a for header", async () => {
    const uri = "file:///work/fc_walk.c";
    const dir = join(repoRoot, "server", "test", "data", "transform", "subscripts");
    const text = readFileSync(join(dir, "fc_walk.before.c"), "utf8");
    await client.open(uri, text);
    const line = text.split("\n").findIndex((l) => l.includes("for (int o"));
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri }, range: { start: { line, character: 6 }, end: { line, character: 6 } }, context: { diagnostics: [] },
    });
    const offer = actions.find((a) => a.kind === "refactor.rewrite.loopsmith.subscripts")!;
    expect(offer.title).toBe("Replace the pointer walk of w in loop o by subscripts");
    const resolved = await client.request<CodeAction>("codeAction/resolve", offer);
    expect(applyTo(text, resolved.edit!.changes![uri])).toBe(readFileSync(join(dir, "fc_walk.after.c"), "utf8"));
  });

  it("shows a refused interchange disabled, naming the dependence", async () => {
    const uri = "file:///work/skew.c";
    const text = "float A[64][64];\nvoid skew(void) {\n  for (int i = 1; i < 64; i++)\n    for (int j = 0; j < 63; j++)\n      A[i][j] = A[i-1][j+1] + 1;\n}\n";
    await client.open(uri, text);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri }, range: { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } }, context: { diagnostics: [] },
    });
    const swap = actions.find((a) => a.kind === "refactor.rewrite.loopsmith.interchange")!;
    expect(swap.disabled?.reason).toMatch(/flow dependence on A: A\[i\]\[j\] \(line 5\) to A\[i-1\]\[j\+1\] \(line 5\), direction \(<, >\)/);
    expect(swap.edit).toBeUndefined();
  });

  it("offers the named-layout orders and the array layout change next to the best contiguous order", async () => {
    const uri = "file:///work/samples/conv_nhwc.c";
    const text = readFileSync(join(repoRoot, "samples", "conv_nhwc.c"), "utf8");
    await client.open(uri, text);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri }, range: { start: pos(text, "for (n"), end: pos(text, "for (n") }, context: { diagnostics: [] },
    });
    const byKind = (k: string) => actions.filter((a) => a.kind === `refactor.rewrite.loopsmith.${k}`).map((a) => a.title);
    expect(byKind("toLayout").some((t) => t.startsWith("Split the nest into 3 and reorder the compute nest to NCHW order (n,k,x,y,i,j = K,C,H,W,R,S)"))).toBe(true);
    expect(byKind("toLayout").some((t) => t.startsWith("Split the nest into 3 and reorder the compute nest to NHWC order (x,y,i,j,n,k = H,W,R,S,K,C)"))).toBe(true);
    expect(byKind("layout").some((t) => /reorder the compute nest to x,y,i,j,n,k/.test(t))).toBe(true);
    const change = actions.find((a) => a.title.startsWith("Change I to CHW layout (was HWC)"))!;
    expect(change.kind).toBe("refactor.rewrite.loopsmith.relayout");
    const resolved = await client.request<CodeAction>("codeAction/resolve", change);
    const after = applyTo(text, resolved.edit!.changes![uri]);
    expect(after).toContain("float I[C][FW + K - 1][FH + K - 1];");
    expect(after).toContain("I[k][x + i][y + j] * W[i][j][k]");
  });
});
