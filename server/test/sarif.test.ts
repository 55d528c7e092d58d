// `loopsmith analyze --sarif` and `--fail-on`: the log validates against the SARIF 2.1.0 schema
// (server/test/data/sarif/, see its PROVENANCE), its results are the editor's diagnostics
// (same codes, messages, severities, ranges), the LS001 fix applied to the file gives what
// `loopsmith transform` gives, fingerprints survive an edit above, and the exit codes gate.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { getEngine, repoRoot } from "./helpers/engine";
import { main } from "../src/cli/main";
import { EXIT_FINDINGS, Review, sarifLog } from "../src/cli/sarif";
import { CODES, type Code } from "../src/findings";
import { diagnostics } from "../src/lsp/diagnostics";
import { DEFAULT_SETTINGS } from "../src/lsp/config";

const schema = JSON.parse(readFileSync(join(repoRoot, "server", "test", "data", "sarif", "sarif-2.1.0.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const expectValid = (log: unknown) => {
  const ok = validate(log);
  expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
};

const samples = readdirSync(join(repoRoot, "samples")).filter((f) => f.endsWith(".c")).sort().map((f) => `samples/${f}`);
const read = (file: string) => readFileSync(join(repoRoot, file), "utf8");

/** Runs the CLI in-process; `files` replaces what some paths read (a file edited in memory). */
async function cli(args: string[], files: Record<string, string> = {}) {
  let out = "", err = "";
  const code = await main(args, {
    out: (s) => { out += s; }, err: (s) => { err += s; }, write: () => { throw new Error("no writes here"); },
    read: (p) => (Object.hasOwn(files, p) ? files[p] : readFileSync(join(repoRoot, p), "utf8")),
  });
  return { code, out, err };
}
async function sarif(args: string[], files: Record<string, string> = {}) {
  const r = await cli(["analyze", "--sarif", ...args], files);
  return { ...r, log: JSON.parse(r.out), run: JSON.parse(r.out).runs[0] };
}
/** Offset of a 1-based line/column (UTF-16 columns) in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf("\n", at) + 1;
  return at + column - 1;
}
type Region = { startLine: number; startColumn: number; endLine: number; endColumn: number };
type Replacement = { deletedRegion: Region; insertedContent: { text: string } };
function applyReplacements(text: string, replacements: Replacement[]): string {
  const edits = replacements.map((r) => ({ start: offsetOf(text, r.deletedRegion.startLine, r.deletedRegion.startColumn), end: offsetOf(text, r.deletedRegion.endLine, r.deletedRegion.endColumn), text: r.insertedContent.text }));
  edits.sort((a, b) => b.start - a.start);
  for (let i = 1; i < edits.length; i++) expect(edits[i].end).toBeLessThanOrEqual(edits[i - 1].start); // no overlap
  return edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

beforeAll(() => {
  expect(process.cwd()).toBe(repoRoot); // artifact URIs are relative to it
});

describe("loopsmith analyze --sarif", () => {
  it("every sample's log (and all of them in one run) validates against the SARIF 2.1.0 schema", async () => {
    for (const file of samples) {
      const r = await sarif([file]);
      expect(r.code).toBe(0);
      expectValid(r.log);
    }
    const all = await sarif(samples);
    expectValid(all.log);
    expect(all.log.version).toBe("2.1.0");
    expect(all.log.runs).toHaveLength(1);
  });

  it("the schema is strict enough to catch a mistake", () => {
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x", informationUri: "not a uri" } } }] })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "warn" }] }] })).toBe(false);
  });

  it("has one rule per code, with descriptions, help and the README anchor", async () => {
    const { run } = await sarif(["samples/conv.c"]);
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: "Loopsmith", version: "0.1.0", informationUri: "https://github.com/loopsmith/loopsmith" });
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(["LS001", "LS002", "LS003"]);
    const readme = read("README.md");
    for (const r of driver.rules) {
      expect(r.helpUri).toBe(`https://github.com/loopsmith/loopsmith#${r.id.toLowerCase()}`);
      expect(readme).toContain(`\n### ${r.id}\n`); // the anchor exists
      expect(r.shortDescription.text.length).toBeGreaterThan(5);
      expect(r.fullDescription.text.length).toBeGreaterThan(50);
      expect(r.help.text).toContain(r.helpUri);
    }
    expect(driver.rules.map((r: { defaultConfiguration: { level: string } }) => r.defaultConfiguration.level)).toEqual(["warning", "note", "note"]);
    expect(driver.notifications.map((n: { id: string }) => n.id)).toEqual(["problem", "unreadable"]);
    expect(driver.notifications[0].helpUri).toBe("https://github.com/loopsmith/loopsmith#limits-what-is-reported-unknown-with-the-reason");
    expect(readme).toContain("\n## Limits (what is reported unknown, with the reason)\n");
  });

  it("its results are the editor's diagnostics: same codes, messages, severities and ranges", async () => {
    const engine = await getEngine();
    const level = { 1: "error", 2: "warning", 3: "note", 4: "note" } as const;
    let total = 0;
    for (const file of samples) {
      const text = read(file);
      const doc = TextDocument.create(`file:///${file}`, "c", 1, text);
      const editor = diagnostics(doc, engine.analyze(text, { file }), DEFAULT_SETTINGS).map((d) => ({
        ruleId: d.code, level: level[d.severity as 1 | 2 | 3 | 4], message: d.message,
        region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
      }));
      const { run } = await sarif([file]);
      const results = run.results.map((r: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { region: Region & { snippet?: unknown } } }[] }) => {
        const { startLine, startColumn, endLine, endColumn } = r.locations[0].physicalLocation.region;
        return { ruleId: r.ruleId, level: r.level, message: r.message.text, region: { startLine, startColumn, endLine, endColumn } };
      });
      expect(results, file).toEqual(editor);
      total += results.length;
    }
    expect(total).toBeGreaterThanOrEqual(6);
  });

  it("conv.c: LS001 on I[k][x + i][y + j] (line 34), with the figures and a fix equal to `loopsmith transform`", async () => {
    const text = read("samples/conv.c");
    const { run } = await sarif(["samples/conv.c"]);
    const r = run.results.find((x: { ruleId: string; message: { text: string } }) => x.ruleId === "LS001" && x.message.text.includes("I's"));
    expect(r).toBeDefined();
    expect(r.level).toBe("warning");
    expect(r.message.text).toContain("stride 884 elements");
    const loc = r.locations[0];
    expect(loc.physicalLocation.artifactLocation).toEqual({ uri: "samples/conv.c", uriBaseId: "%SRCROOT%" });
    const line34 = text.split("\n")[33];
    const col = line34.indexOf("I[k][x + i][y + j]") + 1;
    expect(loc.physicalLocation.region).toMatchObject({ startLine: 34, startColumn: col, endLine: 34, endColumn: col + "I[k][x + i][y + j]".length, snippet: { text: "I[k][x + i][y + j]" } });
    expect(loc.physicalLocation.contextRegion).toMatchObject({ startLine: 34, endLine: 34, snippet: { text: line34 } });
    expect(loc.logicalLocations).toEqual([{ name: "conv", kind: "function" }]);
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toMatch(/^file:\/\/.*\/$/);
    expect(r.properties).toMatchObject({
      function: "conv", nest: "conv:27", reference: "I[k][x + i][y + j]", array: "I", loop: "k", contiguousLoop: "j",
      macs: { value: 442368, expr: "N*C*K*K*FW*FH" }, flops: { value: 884736 },
      stride: { elements: 884, bytes: 3536 },
      fixSpec: { kind: "permute", nest: "conv:27", order: ["k", "i", "j"] },
    });
    expect(r.properties.arithmeticIntensity).toBeCloseTo(884736 / 112656, 10);

    expect(r.fixes).toHaveLength(1);
    expect(r.fixes[0].description.text).toBe("Reorder loops to k,i,j: innermost stride 884 -> 1 (reorders floating-point sums)");
    const change = r.fixes[0].artifactChanges[0];
    expect(change.artifactLocation).toEqual({ uri: "samples/conv.c", uriBaseId: "%SRCROOT%" });
    const fixed = applyReplacements(text, change.replacements);
    const spec = r.properties.fixSpec;
    const t = await cli(["transform", "samples/conv.c", "--nest", spec.nest, "--permute", spec.order.join(","), "--at", String(spec.line)]);
    expect(t.code).toBe(0);
    expect(fixed).toBe(t.out);
    expect(fixed).not.toBe(text);
  });

  it("matmul.c: the LS001 fix that splits the nest first (layout) is the same as `transform --layout`", async () => {
    const text = read("samples/matmul.c");
    const { run } = await sarif(["samples/matmul.c"]);
    const r = run.results.find((x: { ruleId: string }) => x.ruleId === "LS001");
    expect(r.properties.fixSpec).toMatchObject({ kind: "layout" });
    const t = await cli(["transform", "samples/matmul.c", "--nest", r.properties.fixSpec.nest, "--layout"]);
    expect(t.code).toBe(0);
    expect(applyReplacements(text, r.fixes[0].artifactChanges[0].replacements)).toBe(t.out);
  });

  it("fingerprints do not change when lines are inserted above, and are unique in a run", async () => {
    const text = read("samples/conv.c");
    const before = await sarif(samples);
    const fps = (run: { results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: Region } }[] }[] }) =>
      run.results.map((r) => ({ rule: r.ruleId, fp: r.partialFingerprints["loopsmith/v1"], line: r.locations[0].physicalLocation.region.startLine }));
    const b = fps(before.run);
    expect(new Set(b.map((x) => x.fp)).size).toBe(b.length);
    for (const x of b) expect(x.fp).toMatch(/^[0-9a-f]{32}$/);
    const at = text.indexOf("void conv");
    const edited = { "samples/conv.c": text.slice(0, at) + "\n\n/* a comment */\n" + text.slice(at) };
    const after = fps((await sarif(samples, edited)).run);
    expect(after.map((x) => x.fp)).toEqual(b.map((x) => x.fp));
    const conv = (xs: typeof b) => xs.slice(0, before.run.results.filter((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri === "samples/conv.c").length);
    expect(conv(after).map((x) => x.line)).toEqual(conv(b).map((x) => x.line + 3)); // the results did move
    // The same kernel in two files: its findings are told apart by the file.
    const twice = fps((await sarif(["samples/conv.c", "copy/conv.c"], { "samples/conv.c": text, "copy/conv.c": text })).run);
    expect(twice.length).toBe(2 * conv(b).length);
    expect(new Set(twice.map((x) => x.fp)).size).toBe(twice.length);
  });

  it("columns count UTF-16 code units (SARIF's default), also after a non-ASCII comment", async () => {
    const line = "    for (int j = 0; j < 64; j++) { /* é😀 */ A[j][i] = 0; }";
    const text = `void f(float A[64][64]) {\n  for (int i = 0; i < 64; i++)\n${line}\n}\n`;
    const { run, log } = await sarif(["u.c"], { "u.c": text });
    expectValid(log);
    expect(run.columnKind).toBe("utf16CodeUnits");
    const r = run.results.find((x: { ruleId: string }) => x.ruleId === "LS001");
    expect(r).toBeDefined();
    const col = line.indexOf("A[j][i]") + 1; // UTF-16: é is 1 unit, 😀 is 2
    expect(col).toBe(46);
    expect([...line.slice(0, col - 1)].length + 1).toBe(45); // in code points it would be 45, in UTF-8 bytes 49
    expect(r.locations[0].physicalLocation.region).toMatchObject({ startLine: 3, startColumn: col, endColumn: col + 7 });
    expect(applyReplacements(text, r.fixes[0].artifactChanges[0].replacements)).toContain("for (int j = 0; j < 64; j++)\n    for (int i = 0; i < 64; i++)");
  });

  it("syntax problems and unreadable files are execution notifications, not results", async () => {
    const broken = "void f(float *a) {\n  for (int i = 0; i < 4; i++) a[i] = 2.0f * a[i];\n  a[0] = = 1;\n}\n";
    const r = await sarif(["b.c", "samples/nope.c"], { "b.c": broken });
    expect(r.code).toBe(1);
    expectValid(r.log);
    const inv = r.run.invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    const notes = inv.toolExecutionNotifications;
    expect(notes.some((n: { descriptor: { id: string }; message: { text: string }; locations: { physicalLocation: { region?: Region } }[] }) => n.descriptor.id === "problem" && /syntax error/.test(n.message.text) && n.locations[0].physicalLocation.region?.startLine === 3)).toBe(true);
    expect(notes.some((n: { descriptor: { id: string }; level: string; message: { text: string } }) => n.descriptor.id === "unreadable" && n.level === "error" && n.message.text === "cannot read samples/nope.c: no such file")).toBe(true);
    expect(r.run.results.every((x: { ruleId: string }) => /^LS00[123]$/.test(x.ruleId))).toBe(true);
  });

  it("artifact URIs: relative to the working directory (percent-encoded), else absolute file URIs; stdin", async () => {
    const engine = await getEngine();
    const text = "void f(float A[8][8]) { for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) A[j][i] = 0; }\n";
    const input = (file: string) => ({ file, text, report: engine.analyze(text, { file }) });
    const log = sarifLog([input("src/my kernels/a.c"), input("/elsewhere/b.c"), input("-")], { engine, analyze: {}, review: new Review(), version: "0.1.0", cwd: "/work/proj" }) as { runs: { results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[] };
    expectValid(log);
    const uris = log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris).toEqual([
      { uri: "src/my%20kernels/a.c", uriBaseId: "%SRCROOT%" },
      { uri: "file:///elsewhere/b.c" },
      { uri: "stdin", description: { text: "standard input" } },
    ]);
  });
});

describe("--fail-on and --severity", () => {
  it(`exit ${EXIT_FINDINGS} when a diagnostic is at or above the level, 0 otherwise, with any output format`, async () => {
    expect((await cli(["analyze", "--fail-on", "warning", "samples/conv.c"])).code).toBe(EXIT_FINDINGS); // LS001 warnings
    expect((await cli(["analyze", "--json", "--fail-on", "warning", "samples/conv.c"])).code).toBe(EXIT_FINDINGS);
    expect((await sarif(["--fail-on", "warning", "samples/conv.c"])).code).toBe(EXIT_FINDINGS);
    expect((await cli(["analyze", "--fail-on", "error", "samples/conv.c"])).code).toBe(0);
    expect((await cli(["analyze", "--fail-on", "note", "samples/depthwise.c"])).code).toBe(0); // no diagnostic at all
    expect((await cli(["analyze", "--fail-on", "warning", "samples/fc.c"])).code).toBe(0); // only an LS003 note
    expect((await cli(["analyze", "--fail-on", "note", "samples/fc.c"])).code).toBe(EXIT_FINDINGS);
    expect((await cli(["analyze", "samples/conv.c"])).code).toBe(0); // no gate without --fail-on
    const said = await cli(["analyze", "--fail-on", "note", "samples/conv.c", "samples/fc.c"]);
    expect(said.err).toBe("loopsmith: 3 diagnostics at or above note (--fail-on note): LS001 ×2, LS003 ×1\n"); // one line
  });

  it("through the installed bin, the process exit code is the gate's", () => {
    const bin = join(repoRoot, "server", "bin", "loopsmith.js");
    const run = (...a: string[]) => spawnSync(process.execPath, [bin, "analyze", ...a], { cwd: repoRoot, encoding: "utf8" });
    const fail = run("--sarif", "--fail-on", "warning", "samples/conv.c");
    expect(fail.status).toBe(EXIT_FINDINGS);
    expect(JSON.parse(fail.stdout).runs[0].results.length).toBeGreaterThan(0); // the log is still written
    expect(run("--fail-on", "warning", "samples/depthwise.c").status).toBe(0);
  });

  it("an unreadable file (1) wins over findings", async () => {
    expect((await cli(["analyze", "--fail-on", "warning", "samples/conv.c", "samples/nope.c"])).code).toBe(1);
  });

  it("a bad --fail-on, --severity, or --json with --sarif is a usage error (2)", async () => {
    for (const args of [["--fail-on", "bogus"], ["--fail-on"], ["--fail-on", "information"], ["--severity", "LS009=warning"], ["--severity", "LS002=loud"], ["--severity"], ["--json", "--sarif"]]) {
      const r = await cli(["analyze", ...args, "samples/conv.c"]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err.split("\n")[0]).toMatch(/^loopsmith: /);
      expect(r.out).toBe("");
    }
  });

  it("--severity changes a code's level (as the editor's settings do), off drops it", async () => {
    expect((await cli(["analyze", "--severity", "LS003=error", "--fail-on", "error", "samples/fc.c"])).code).toBe(EXIT_FINDINGS);
    const warn = await sarif(["--severity", "LS003=warning", "samples/fc.c"]);
    expect(warn.run.results.map((r: { level: string }) => r.level)).toEqual(["warning"]);
    const off = await sarif(["--severity", "LS001=off", "--fail-on", "note", "samples/conv.c"]);
    expect(off.run.results).toEqual([]);
    expect(off.code).toBe(0);
    expectValid(off.log);
  });

  it("the default severities are the editor's (findings.ts, lsp/config.ts and package.json agree)", () => {
    const pkg = JSON.parse(read("package.json")).contributes.configuration.properties;
    for (const code of Object.keys(CODES) as Code[]) {
      const c = CODES[code];
      expect(DEFAULT_SETTINGS.diagnostics[c.setting], code).toBe(c.defaultSeverity);
      expect(pkg[`loopsmith.diagnostics.${c.setting}`].default, code).toBe(c.defaultSeverity);
    }
  });

  it("the usage text names the new options", async () => {
    const h = await cli(["--help"]);
    expect(h.out).toContain("[--json | --sarif] [--fail-on LEVEL] [--severity CODE=LEVEL]...");
    expect(h.out).toMatch(/--fail-on LEVEL\s+exit 5/);
  });
});
