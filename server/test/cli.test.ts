// `loopsmith analyze` end to end, through the built bin (npm test builds first).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/engine";
import { main } from "../src/cli/main";

const bin = join(repoRoot, "server", "bin", "loopsmith.js");
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** The same command in-process (main(argv, io), what the bin runs): no node process per call.
 *  The tests of the bin itself (its output and exit codes as a process) use `run`. */
const cli = async (...args: string[]) => {
  let out = "", err = "";
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; }, read: (p) => readFileSync(p === "-" ? 0 : p, "utf8"), write: (p, text) => writeFileSync(p, text) });
  return { code, out, err };
};

beforeAll(() => {
  if (!existsSync(join(repoRoot, "server", "dist", "cli.js"))) spawnSync("node", ["scripts/build.mjs"], { cwd: repoRoot });
});

describe("loopsmith analyze", () => {
  it("prints a readable report for the course-notes conv", () => {
    const r = run("analyze", "samples/conv.c");
    expect(r.code).toBe(0);
    expect(r.out).toContain("nest conv:27 in conv()");
    expect(r.out).toMatch(/MACs\s+442,368 = N\*C\*K\*K\*FW\*FH/);
    expect(r.out).toContain("at 1 MAC/cycle on a 1 GHz core this nest takes 442 µs");
    expect(r.out).toMatch(/I\[k\]\[x \+ i\]\[y \+ j\]\s+read .* k:884/);
  });

  it("--json follows the version-1 contract", async () => {
    const r = await cli("analyze", "--json", "samples/conv.c");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.version).toBe(1);
    const f = j.files[0];
    expect(f.file).toBe("samples/conv.c");
    const n = f.nests[0];
    expect(n).toMatchObject({ id: "conv:27", function: "conv", line: 27 });
    expect(n.loops[0]).toMatchObject({ var: "n", line: 27, tripCount: { expr: "N", value: 16 } });
    expect(n.iterations.value).toBe(442368);
    expect(n.macs.value).toBe(442368);
    expect(n.flops).toMatchObject({ value: 884736, byKind: { add: { value: 442368 }, mul: { value: 442368 }, div: { value: 0 }, call: { value: 0 } } });
    const i = n.accesses.find((a: { text: string }) => a.text === "I[k][x + i][y + j]");
    expect(i).toMatchObject({ array: "I", kind: "read", line: 34, elementBytes: 4 });
    expect(i.strides.k).toMatchObject({ elements: 884, expr: "(K + FW - 1)*(K + FH - 1)", bytes: 3536 });
    expect(n.footprintBytes.value).toBe(63504);
    expect(n.arithmeticIntensity.value).toBeCloseTo(884736 / 112656, 10);
    expect(Array.isArray(n.unknowns)).toBe(true);
  });

  it("-D binds parameters; unbound symbols give value null with a reason", () => {
    const src = "-";
    const free = spawnSync(process.execPath, [bin, "analyze", "--json", src], { input: "void f(int n, float *a) { for (int i = 0; i < n; i++) a[i] = 0; }", encoding: "utf8" });
    const n0 = JSON.parse(free.stdout).files[0].nests[0];
    expect(n0.iterations).toMatchObject({ expr: "n", value: null });
    expect(n0.iterations.reason).toMatch(/-D/);
    const bound = spawnSync(process.execPath, [bin, "analyze", "--json", "-D", "n=12", src], { input: "void f(int n, float *a) { for (int i = 0; i < n; i++) a[i] = 0; }", encoding: "utf8" });
    expect(JSON.parse(bound.stdout).files[0].nests[0].iterations).toMatchObject({ expr: "n", value: 12 });
  });

  it("exit codes: 2 for usage errors, 1 for unreadable files", async () => {
    expect(run().code).toBe(2);
    expect((await cli("frobnicate")).code).toBe(2);
    expect((await cli("analyze")).code).toBe(2);
    expect((await cli("analyze", "-D", "N=abc", "samples/conv.c")).code).toBe(2);
    const missing = run("analyze", "samples/does-not-exist.c");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read samples/does-not-exist.c");
    expect((await cli("--help")).code).toBe(0);
  });

  it("a file with syntax errors still yields its nests and a message", () => {
    const r = spawnSync(process.execPath, [bin, "analyze", "-"], { input: "void f(float *a) {\n  for (int i = 0; i < 4; i++) a[i] = 2.0f * a[i];\n  a[0] = = 1;\n}\n", encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("syntax error");
    expect(r.stdout).toMatch(/FLOPs\s+4/);
  });
});

describe("loopsmith: bindable symbols and --assume-noalias", () => {
  const bn = "server/test/data/symbols/bn.c";
  const transpose = "server/test/data/symbols/transpose.c";
  it("-D binds a struct field as written (dims->c) and a const local; a name the file lacks is a warning on stderr", async () => {
    const field = await cli("analyze", "--json", "-D", "d->c=7", bn);
    expect(field.code).toBe(0);
    expect(JSON.parse(field.out).files[0].nests[0].loops[0].tripCount).toMatchObject({ expr: "c", value: 7 });
    const local = await cli("analyze", "-Dc=5", "-D", "foo=3", bn);
    expect(local.code).toBe(0);
    expect(local.out).toMatch(/loops\s+i ×5/);
    expect(local.err).toContain(`${bn}:1: warning: -D foo=3: no symbol foo in this file`);
    const t = await cli("transform", bn, "--nest", "bn:4", "--unroll", "i=2", "-D", "foo=3");
    expect(t.code).toBe(0);
    expect(t.err).toContain("loopsmith: warning: -D foo=3: no symbol foo in this file");
    expect((await cli("analyze", "-D", "d->=3", bn)).code).toBe(2);
  });

  it("--assume-noalias: refused without it (exit 3, naming the opt-in), applied with it and the note on stderr", async () => {
    const refused = await cli("transform", transpose, "--nest", "transpose:3", "--permute", "j,i");
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(/out and in may alias \(pointer parameters\); declare them restrict, or assume they do not \(--assume-noalias/);
    const ok = await cli("transform", transpose, "--nest", "transpose:3", "--permute", "j,i", "--assume-noalias");
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/^loopsmith: Reorder loops to j,i.*\(assuming out and in do not overlap\)\n  note: assuming out and in do not overlap\n$/);
    expect(ok.out).toMatch(/for \(int j = 0; j < m; j\+\+\)\n\s+for \(int i = 0; i < n; i\+\+\)/);
    const a = await cli("analyze", "--json", "--assume-noalias", transpose);
    expect(JSON.parse(a.out).files[0].nests[0].assumptions).toContain("assuming out and in do not overlap");
    expect((await cli("analyze", "--assume-noalias", transpose)).out).toMatch(/assumes\s+out and in do not overlap/);
    expect(JSON.parse((await cli("analyze", "--json", transpose)).out).files[0].nests[0].assumptions).not.toContain("assuming out and in do not overlap");
  });
});

// Issue 8 item 10: the exit-code contract (README "Command line") holds for every failure, and
// each failure is one line on standard error (before the usage text, if any), never a stack.
describe("loopsmith: exit codes and one-line messages", () => {
  const T = ["transform", "samples/matmul.c", "--nest", "matmul:19"];
  const CASES: { what: string; args: string[]; code: number; err: RegExp }[] = [
    { what: "-o to a missing directory", args: [...T, "--unroll", "k=2", "-o", "no-such-dir/out.c"], code: 1, err: /^loopsmith: cannot write no-such-dir\/out\.c: no such file$/ },
    { what: "-o to a directory", args: [...T, "--unroll", "k=2", "-o", "samples"], code: 1, err: /^loopsmith: cannot write samples: is a directory$/ },
    { what: "a directory as FILE (analyze)", args: ["analyze", "samples"], code: 1, err: /^loopsmith: cannot read samples: is a directory$/ },
    { what: "a directory as FILE (transform)", args: ["transform", "samples", "--nest", "matmul:19", "--layout"], code: 1, err: /^loopsmith: cannot read samples: is a directory$/ },
    { what: "--nest that is not function:line", args: ["transform", "samples/matmul.c", "--nest", "nope", "--layout"], code: 2, err: /^loopsmith transform: --nest needs an id FUNCTION:LINE such as conv:27 \(see loopsmith analyze --json\), got 'nope'$/ },
    { what: "--unroll k=0", args: [...T, "--unroll", "k=0"], code: 2, err: /^loopsmith transform: --unroll k=0: the factor must be at least 2$/ },
    { what: "--unroll-jam i=1", args: [...T, "--unroll-jam", "i=1"], code: 2, err: /^loopsmith transform: --unroll-jam i=1: the factor must be at least 2$/ },
    { what: "-D N=-5 (analyze)", args: ["analyze", "-D", "N=-5", "samples/conv.c"], code: 2, err: /^loopsmith: -D N=-5: the value must be >= 0 \(-D binds sizes\)$/ },
    { what: "-DN=-5 (transform)", args: [...T, "-DN=-5", "--layout"], code: 2, err: /^loopsmith transform: -D N=-5: the value must be >= 0 \(-D binds sizes\)$/ },
    { what: "a well-formed id of no nest is still a refusal", args: ["transform", "samples/matmul.c", "--nest", "matmul:3", "--layout"], code: 3, err: /^loopsmith: refused: no nest matmul:3 in this file \(nests: matmul:19\)$/ },
  ];
  for (const c of CASES) it(c.what, async () => {
    const r = await cli(...c.args);
    expect(r.code).toBe(c.code);
    expect(r.err.split("\n")[0]).toMatch(c.err);
    expect(r.err).not.toMatch(/^\s+at |Error:|EISDIR|ENOENT/m);
    expect(r.err).not.toMatch(/Unroll loop|Reorder/); // nothing announced as applied
    if (c.code !== 2) expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("-D N=0 is a size like any other", async () => {
    expect((await cli("analyze", "-D", "N=0", "samples/conv.c")).code).toBe(0);
  });

  it("--at is in the usage line", async () => {
    expect((await cli("--help")).out).toMatch(/^ *loopsmith transform FILE --nest ID \[--at LINE\]/m);
  });

  it("an internal error is one line with a hint and exit code 4", async () => {
    const err: string[] = [];
    const io = { out: () => { throw new Error("boom\nsecond line"); }, err: (s: string) => { err.push(s); }, read: () => "void f(float *a) { for (int i = 0; i < 4; i++) a[i] = 0; }", write: () => {} };
    const code = await main(["analyze", "x.c"], io);
    expect(code).toBe(4);
    expect(err.join("")).toBe("loopsmith: internal error: boom (a bug: please report it with the input file; LOOPSMITH_DEBUG=1 prints the stack)\n");
  });
});
