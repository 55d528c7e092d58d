// `loopsmith analyze --target NAME|PATH` and `loopsmith target`, end to end through the built bin.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/engine";
import { parseTarget, SHIPPED_TARGETS } from "../src/engine";

const bin = join(repoRoot, "server", "bin", "loopsmith.js");
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "loopsmith-cli-target-"));
const board = {
  name: "My board", clockGHz: 1, cores: 1, peak: { fp32FlopsPerCycle: 2, fp64FlopsPerCycle: 1, int8MacsPerCycle: 4 },
  caches: [], dram: { bandwidthGBs: 1 }, dataModel: "ILP32", mathCallCycles: {},
  sources: { clockGHz: "my datasheet", peak: "my datasheet", dram: "measured: stream triad" },
};

beforeAll(() => {
  if (!existsSync(join(repoRoot, "server", "dist", "cli.js"))) spawnSync("node", ["scripts/build.mjs"], { cwd: repoRoot });
});

describe("loopsmith analyze --target", () => {
  it("a shipped target by name or unique prefix: text shows the target, roofline and bound", () => {
    for (const name of ["Cortex-A53 (Raspberry Pi 3)", "Cortex-A53"]) {
      const r = run("analyze", "--target", name, "samples/conv.c");
      expect(r.code).toBe(0);
      expect(r.out).toContain("estimate     ~369 µs on Cortex-A53 (Raspberry Pi 3): compute-bound (one core)");
      expect(r.out).toMatch(/roofline     compute-bound · 7\.85 FLOP\/B per DRAM byte \(ridge 1\.33\)/);
      expect(r.out).toMatch(/terms        compute 369 µs · DRAM 110 KiB 31\.3 µs/);
    }
  });

  it("--json carries estimate, traffic and roofline for the target", () => {
    const r = run("analyze", "--json", "--target=Cortex-A72", "samples/conv.c");
    expect(r.code).toBe(0);
    const n = JSON.parse(r.out).files[0].nests[0];
    expect(n.estimate.target).toBe("Cortex-A72 (Raspberry Pi 4)");
    expect(n.traffic).toMatchObject({ target: "Cortex-A72 (Raspberry Pi 4)", levels: [{ level: "L1" }, { level: "L2" }] });
    expect(n.roofline).toMatchObject({ target: "Cortex-A72 (Raspberry Pi 4)", bound: "compute", unit: "FLOP/B", dramSource: "model" });
    expect(n.roofline.ridge).toBeCloseTo(12 / 12.8, 9);
    // Without --target: the default, as before.
    const d = JSON.parse(run("analyze", "--json", "samples/conv.c").out).files[0].nests[0];
    expect(d.estimate).toMatchObject({ target: "1 GHz, 1 MAC/cycle", seconds: 0.000442368 });
  });

  it("a target file by path; its data model applies", () => {
    const path = join(dir, "board.json");
    writeFileSync(path, JSON.stringify(board));
    const src = join(dir, "long.c");
    writeFileSync(src, "long a[100];\nvoid f(void) { for (int i = 0; i < 100; i++) a[i] = a[i] + 1; }\n");
    const j = JSON.parse(run("analyze", "--json", "--target", path, src).out).files[0].nests[0];
    expect(j.estimate.target).toBe("My board");
    expect(j.arrays[0].elementBytes).toBe(4);
    expect(j.footprintBytes.value).toBe(400);
    expect(JSON.parse(run("analyze", "--json", src).out).files[0].nests[0].arrays[0].elementBytes).toBe(8);
  });

  it("an unknown name is a usage error listing the shipped targets", () => {
    const r = run("analyze", "--target", "VAX-11/780x", "samples/conv.c");
    expect(r.code).toBe(1); // has a `/`: read as a path
    const u = run("analyze", "--target", "VAX", "samples/conv.c");
    expect(u.code).toBe(2);
    expect(u.out).toBe("");
    expect(u.err).toContain("unknown target 'VAX'");
    for (const t of SHIPPED_TARGETS) expect(u.err).toContain(t.name);
    expect(run("analyze", "samples/conv.c", "--target").code).toBe(2);
  });

  it("a bad file: exit 2, one line per problem naming the file and the field; unreadable: exit 1", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify({ ...board, clockGHz: "fast", peak: { fp32FlopsPerCycle: 2 } }));
    const r = run("analyze", "--target", path, "samples/conv.c");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`loopsmith: invalid target: ${path}: clockGHz: expected a number, got "fast"`);
    expect(r.err).toContain(`${path}: peak.fp64FlopsPerCycle: missing`);
    expect(r.err).toContain(`${path}: peak.int8MacsPerCycle: missing`);
    const notJson = join(dir, "notjson.json");
    writeFileSync(notJson, "{");
    expect(run("analyze", "--target", notJson, "samples/conv.c").err).toMatch(/notjson\.json: not valid JSON/);
    const missing = run("analyze", "--target", join(dir, "nope.json"), "samples/conv.c");
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read target file .*nope\.json: no such file/);
  });
});

describe("loopsmith target", () => {
  it("--list names every shipped target with its key figures", () => {
    const r = run("target", "--list");
    expect(r.code).toBe(0);
    for (const t of SHIPPED_TARGETS) expect(r.out).toContain(t.name);
    expect(r.out).toContain("L1 16 KiB · ILP32");
    expect(r.out).toContain("roofline only (no cache model)");
  });

  it("--probe measures this machine and writes a target file that validates", () => {
    const out = join(dir, "probed.json");
    const r = run("target", "--probe", "--quick", "--name", "this machine", "-o", out);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`wrote ${out}`);
    const t = parseTarget(readFileSync(out, "utf8"), out);
    expect(t.ok ? [] : t.errors).toEqual([]);
    if (!t.ok) return;
    expect(t.target.name).toBe("this machine");
    expect(t.target.clockGHz).toBeGreaterThan(0.1);
    expect(t.target.peak.fp32FlopsPerCycle).toBeGreaterThan(0);
    expect(t.target.dram!.bandwidthGBs).toBeGreaterThan(0);
    expect(t.target.sources.dram).toMatch(/measured by loopsmith target --probe/);
    expect(run("analyze", "--target", out, "samples/conv.c").out).toContain("on this machine: ");
    expect(run("target", "--probe", "--bogus").code).toBe(2);
  });

  it("--show prints the validated target; bad usage is exit 2", () => {
    const r = run("target", "--show", "Cortex-M7");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: "Cortex-M7 (STM32H743, 480 MHz)", dataModel: "ILP32", caches: [{ level: "L1", sizeBytes: 16384, lineBytes: 32, ways: 4 }] });
    expect(run("target").code).toBe(2);
    expect(run("target", "--frobnicate").code).toBe(2);
  });
});
