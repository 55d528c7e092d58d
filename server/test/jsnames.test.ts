// Issue 8 item 2: C names that are also JavaScript object keys (`toString`, `constructor`,
// `__proto__`, `hasOwnProperty`, `valueOf`) are names like any other. Each case is a C
// template with `$` for the name; the file with the JS key must give the same report (JSON,
// text, per-loop figures, offered rewrites) as the file with an ordinary name of the same
// length (one letter changed, so offsets and symbol order stay the same), names swapped back.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine, type FileReport } from "../src/engine";
import { formatFile } from "../src/format";
import { parseSettings } from "../src/lsp/config";
import { repoRoot } from "./helpers/engine";

const bin = join(repoRoot, "server", "bin", "loopsmith.js");

const KEYS = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"];
/** An ordinary name of the same length: the last letter before any trailing `_` changed. */
const ordinary = (k: string) => k.replace(/[A-Za-z](_*)$/, (_m, tail: string) => `q${tail}`);

/** The name classes, each with a small kernel whose figures all depend on the name. */
const CASES: { what: string; c: string; defines?: Record<string, number> }[] = [
  { what: "a called function defined in the file (cost 8 FLOPs per call)",
    c: "float $(float x) { return x * x * x * x + x * x * x * x + x; }\nvoid k(float *a) {\n  for (int i = 0; i < 10; i++) a[i] = $(a[i]);\n}\n" },
  { what: "a called function that calls another", c: "float $(float x) { return x * 2.0f; }\nfloat g(float x) { return $(x) + $(x); }\nvoid k(float *a) {\n  for (int i = 0; i < 10; i++) a[i] = g(a[i]);\n}\n" },
  { what: "a called function not defined in the file", c: "float $(float);\nvoid k(float *a) {\n  for (int i = 0; i < 10; i++) a[i] = $(a[i]) * 2.0f;\n}\n" },
  { what: "a function named as a pure callee", c: "float $(float);\nvoid k(float *a) {\n  for (int i = 0; i < 10; i++) a[i] = $(a[i]) * 2.0f;\n}\n" },
  { what: "a parameter used as a bound", c: "void k(int $, float *a) {\n  for (int i = 0; i < $; i++) a[i] = a[i] * 2.0f;\n}\n" },
  { what: "a parameter bound with -D", c: "void k(int $, float *a) {\n  for (int i = 0; i < $; i++)\n    for (int j = 0; j < $; j++) a[i * $ + j] += a[j * $ + i] * 2.0f;\n}\n", defines: { $: 12 } },
  { what: "a #define", c: "#define $ 16\nfloat a[$][$];\nvoid k(void) {\n  for (int i = 0; i < $; i++)\n    for (int j = 0; j < $; j++) a[j][i] = a[i][j] * 3.0f;\n}\n" },
  { what: "a const local", c: "void k(float *a) {\n  const int $ = 20;\n  for (int i = 0; i < $; i++) a[i] = a[i] + 1.0f;\n}\n" },
  { what: "a scalar accumulator", c: "float k(float *a, int n) {\n  float $ = 0;\n  for (int i = 0; i < n; i++) $ += a[i] * a[i];\n  return $;\n}\n", defines: { n: 100 } },
  { what: "a global array", c: "float $[64][64];\nvoid k(void) {\n  for (int i = 0; i < 64; i++)\n    for (int j = 0; j < 64; j++) $[j][i] = $[i][j] + 1.0f;\n}\n" },
  { what: "a pointer parameter (array)", c: "void k(int n, float *$, float *b) {\n  for (int i = 0; i < n; i++)\n    for (int j = 0; j < n; j++) b[i * n + j] = $[j * n + i];\n}\n", defines: { n: 32 } },
  { what: "a struct field", c: "struct s { int $; float *d; };\nvoid k(struct s *p) {\n  for (int i = 0; i < p->$; i++) p->d[i] = p->d[i] * 2.0f;\n}\n", defines: { "p->$": 9 } },
  { what: "an array field", c: "struct s { float $[32][32]; };\nvoid k(struct s *p) {\n  for (int i = 0; i < 32; i++)\n    for (int j = 0; j < 32; j++) p->$[j][i] = p->$[i][j] * 2.0f;\n}\n" },
  { what: "a struct tag and typedef", c: "typedef struct $ { int n; } $;\nvoid k($ *p, float *a) {\n  for (int i = 0; i < p->n; i++) a[i] = 0;\n}\n", defines: { "p->n": 5 } },
  { what: "a typedef of a scalar type", c: "typedef double $;\nvoid k($ *a, $ s) {\n  for (int i = 0; i < 16; i++) a[i] = a[i] * s + 1.0;\n}\n" },
  { what: "an undeclared type", c: "void k($ *a, float *b) {\n  for (int i = 0; i < 16; i++) b[i] = a[i] * 2.0f;\n}\n" },
  { what: "a loop variable", c: "void k(float *a, float *b) {\n  for (int $ = 0; $ < 32; $++)\n    for (int j = 0; j < 32; j++) a[j * 32 + $] = b[$ * 32 + j] * 2.0f;\n}\n" },
  { what: "an inner loop variable with a triangular bound", c: "void k(int n, float *a) {\n  for (int i = 0; i < n; i++)\n    for (int $ = 0; $ <= i; $++) a[i * n + $] += 1.0f;\n}\n", defines: { n: 10 } },
  { what: "an assumption comment", c: "// loopsmith: assume $=7\nvoid k(int $, float *a) {\n  for (int i = 0; i < $; i++) a[i] = a[i] * 2.0f;\n}\n" },
];

let engine: Engine;
beforeAll(async () => { engine = await Engine.create(); });

/** Everything a user sees of a file: the JSON report, the text report, each loop's own figures, the offers. */
function observe(c: string, defines: Record<string, number>, pure: string[]): string {
  const options = { file: "t.c", defines, pure };
  const report: FileReport = engine.analyze(c, options);
  const doc = engine.open(c, options);
  const loops = report.nests.flatMap((n) => n.allLoops.map((l) => {
    const at = doc.loopAt(l.start);
    const offers = doc.actionsAt(l.start).map((o) => ({ ...o, text: o.ok ? doc.apply(o.spec) : null }));
    return { at, offers };
  }));
  const tiled = report.nests.map((n) => engine.transform(c, { kind: "tile", nest: n.id, sizes: Object.fromEntries(n.loops.map((l) => [l.var, 4])) }, options));
  return JSON.stringify({ report, text: formatFile(report), loops, tiled }, null, 1);
}

describe("C names that are JavaScript object keys give the figures of any other name", () => {
  for (const key of KEYS) for (const { what, c, defines = {} } of CASES) {
    it(`${key}: ${what}`, () => {
      const plain = ordinary(key);
      const sub = (name: string) => Object.fromEntries(Object.entries(defines).map(([k, v]) => [k.replace("$", name), v]));
      const pure = what.includes("pure") ? ["$"] : [];
      const expected = observe(c.replaceAll("$", plain), sub(plain), pure.map(() => plain)).replaceAll(plain, key);
      const actual = observe(c.replaceAll("$", key), sub(key), pure.map(() => key));
      expect(actual).toBe(expected);
    });
  }

  it("the ordinary name of each key is a different name of the same length", () => {
    for (const k of KEYS) { expect(ordinary(k)).not.toBe(k); expect(ordinary(k).length).toBe(k.length); expect(ordinary(k) in {}).toBe(false); }
  });

  it("a function named __proto__ keeps its cost (8 FLOPs per call)", () => {
    const r = engine.analyze(CASES[0].c.replaceAll("$", "__proto__"));
    expect(r.nests[0].flops.value).toBe(80);
  });
});

describe("names that are JavaScript keys in settings and on the command line", () => {
  it("loopsmith.assumptions binds a C symbol named __proto__ (an own key, not the prototype)", () => {
    const s = parseSettings(JSON.parse('{"assumptions": {"__proto__": 6, "constructor": 2}}'));
    expect(Object.getPrototypeOf(s.assumptions)).toBe(Object.prototype);
    expect(Object.entries(s.assumptions)).toEqual([["__proto__", 6], ["constructor", 2]]);
    const r = engine.analyze("void k(int __proto__, float *a) {\n  for (int i = 0; i < __proto__; i++) a[i] = 0;\n}\n", { defines: s.assumptions });
    expect(r.nests[0].iterations.value).toBe(6);
  });

  it("-D __proto__=5 and --tile with a loop named constructor", () => {
    const c = "void k(int __proto__, float *a) {\n  for (int constructor = 0; constructor < __proto__; constructor++) a[constructor] = 0;\n}\n";
    const r = spawnSync(process.execPath, [bin, "analyze", "--json", "-D", "__proto__=5", "-"], { input: c, encoding: "utf8" });
    expect(r.status).toBe(0);
    const n = JSON.parse(r.stdout).files[0].nests[0];
    expect(n.iterations.value).toBe(5);
    expect(n.accesses[0].strides.constructor).toMatchObject({ elements: 1 });
    const t = spawnSync(process.execPath, [bin, "transform", "-", "--nest", "k:2", "--tile", "constructor=2"], { input: c, encoding: "utf8" });
    expect(t.stderr).toContain("Tile loops constructor by 2");
    expect(t.status).toBe(0);
  });
});
