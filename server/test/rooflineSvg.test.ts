// The report view's roofline chart (lsp/rooflineSvg.ts): roofs and points at the right log
// coordinates, the ridge at peak / bandwidth, arrows from a nest's point, and user text escaped.
// Positions are checked against the plot area's geometry, not against the chart's own scale.

import { describe, expect, it } from "vitest";
import { rooflineSvg, scales, type RooflineChart } from "../src/lsp/rooflineSvg";

const chart: RooflineChart = {
  unit: "FLOP/B",
  rateUnit: "GFLOP/s",
  compute: [{ label: "fp32 peak", rate: 100, unit: "GFLOP/s" }],
  bandwidth: [{ label: "DRAM", gbs: 10 }, { label: "L2", gbs: 40 }],
  points: [{ id: "conv:27", label: "conv:27", intensity: 1, rate: 10 }],
  arrows: [
    { id: "conv:27#0", from: "conv:27", label: "Tile loops i, j", intensity: 10, rate: 100 },
    { id: "conv:27#1", from: "conv:27", label: "Unroll loop i by 4", intensity: 1, rate: 10 },
  ],
};
// Four decades across, four up: each decade a quarter of the plot.
const domains = { x: [0.01, 100], y: [0.1, 1000] } as const;

/** The plot position of a value `d` decades above the domain's start, as a fraction of the axis. */
function at(_svg: string, d: { x: number; y: number }) {
  const s = scales(chart, domains);
  return { x: s.left + (d.x / 4) * s.plotWidth, y: s.top + s.plotHeight - (d.y / 4) * s.plotHeight };
}

const polyline = (svg: string, roof: string) => {
  const m = new RegExp(`<polyline class="roof[^"]*" data-roof="${roof}" points="([^"]+)"`).exec(svg);
  if (!m) throw new Error(`no roof ${roof}`);
  return m[1].split(" ").map((p) => p.split(",").map(Number) as [number, number]);
};

describe("roofline chart", () => {
  const svg = rooflineSvg(chart, domains);

  it("runs the DRAM roof from the left edge up to the ridge at peak / bandwidth = 10 FLOP/B", () => {
    const [start, ridge] = polyline(svg, "DRAM");
    const s0 = at(svg, { x: 0, y: 0 });               // 0.01 FLOP/B x 10 GB/s = 0.1 GFLOP/s: the bottom-left corner
    const r = at(svg, { x: 3, y: 3 });                // 10 FLOP/B, 100 GFLOP/s
    expect(start[0]).toBeCloseTo(s0.x, 0); expect(start[1]).toBeCloseTo(s0.y, 0);
    expect(ridge[0]).toBeCloseTo(r.x, 0); expect(ridge[1]).toBeCloseTo(r.y, 0);
    // The ridge marker stands at the same place and names the intensity.
    const m = /<circle class="ridge" data-intensity="([^"]+)" cx="([^"]+)" cy="([^"]+)"/.exec(svg)!;
    expect(Number(m[1])).toBe(10);
    expect(Number(m[2])).toBeCloseTo(r.x, 0); expect(Number(m[3])).toBeCloseTo(r.y, 0);
    expect(svg).toContain("ridge 10 FLOP/B");
  });

  it("puts a faster level's roof to the left: the L2 roof (40 GB/s) meets the peak at 2.5 FLOP/B", () => {
    const [, ridge] = polyline(svg, "L2");
    expect(ridge[0]).toBeCloseTo(at(svg, { x: 2 + Math.log10(2.5), y: 3 }).x, 0);
    expect(ridge[1]).toBeCloseTo(at(svg, { x: 0, y: 3 }).y, 0);
  });

  it("draws the compute roof flat at the peak, from the first ridge to the right edge", () => {
    const [a, b] = polyline(svg, "fp32 peak");
    expect(a[1]).toBeCloseTo(at(svg, { x: 0, y: 3 }).y, 0);
    expect(b[1]).toBe(a[1]);
    expect(a[0]).toBeCloseTo(at(svg, { x: 2 + Math.log10(2.5), y: 0 }).x, 0);
    expect(b[0]).toBeCloseTo(at(svg, { x: 4, y: 0 }).x, 0);
    expect(svg).toContain("fp32 peak 100 GFLOP/s");
  });

  it("places a nest at its intensity and GFLOP/s on log axes, labelled", () => {
    const m = /<g class="point" data-nest="conv:27">.*?<circle cx="([^"]+)" cy="([^"]+)"/.exec(svg)!;
    const p = at(svg, { x: 2, y: 2 }); // 1 FLOP/B, 10 GFLOP/s
    expect(Number(m[1])).toBeCloseTo(p.x, 0); expect(Number(m[2])).toBeCloseTo(p.y, 0);
    expect(svg).toMatch(/<text [^>]*>conv:27<\/text>/);
  });

  it("draws each rewrite's arrow from its nest's point to the predicted one, hidden until shown", () => {
    const m = /<g class="arrow" data-arrow="conv:27#0" data-from="conv:27">.*?<line x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)"/.exec(svg)!;
    const from = at(svg, { x: 2, y: 2 }), to = at(svg, { x: 3, y: 3 });
    expect(m.slice(1).map(Number).map(Math.round)).toEqual([from.x, from.y, to.x, to.y].map(Math.round));
    // A rewrite predicted at the nest's own point gets a ring, not a zero-length arrow.
    expect(svg).toMatch(/<g class="arrow" data-arrow="conv:27#1" data-from="conv:27"><title>Unroll loop i by 4<\/title><circle class="same"/);
  });

  it("escapes the user's text: a nest or rewrite named with < & \" cannot inject markup", () => {
    const evil = rooflineSvg({
      ...chart, points: [{ id: 'f<g onload="x()">:1', label: "a<script>alert(1)</script>&b", intensity: 1, rate: 10 }],
      arrows: [{ id: "x\"><script>", from: 'f<g onload="x()">:1', label: "</title><script>", intensity: 10, rate: 50 }],
    }, domains);
    expect(evil).not.toMatch(/<script|<g onload|<\/title><script/);
    expect(evil).toContain("a&lt;script&gt;alert(1)&lt;/script&gt;&amp;b");
    expect(evil).toContain('data-nest="f&lt;g onload=&quot;x()&quot;&gt;:1"');
    // Only the chart's own elements remain.
    const tags = new Set([...evil.matchAll(/<([a-zA-Z]+)/g)].map((t) => t[1]));
    expect([...tags].sort()).toEqual(["circle", "clipPath", "defs", "g", "line", "marker", "path", "polyline", "rect", "svg", "text", "title"]);
  });

  it("without a bandwidth (the course notes' target) draws the compute roof alone, no ridge", () => {
    const flat = rooflineSvg({ ...chart, bandwidth: [], arrows: [] });
    expect(flat).not.toContain("roof bandwidth");
    expect(flat).not.toContain('class="ridge"');
    expect(flat).toContain('class="roof compute"');
    expect(flat).toContain('data-nest="conv:27"');
  });

  it("moves a label that would cover another one to a free corner of its point", () => {
    const two = rooflineSvg({ ...chart, arrows: [], points: [
      { id: "f:1", label: "f:1", intensity: 1, rate: 10 }, { id: "f:9", label: "f:9", intensity: 1.05, rate: 10 }] }, domains);
    const labels = [...two.matchAll(/<text x="([^"]+)" y="([^"]+)" text-anchor="(start|end)">f:[19]<\/text>/g)].map((m) => `${m[1]},${m[2]},${m[3]}`);
    expect(labels).toHaveLength(2);
    expect(labels[0]).not.toBe(labels[1]);
    expect(Number(labels[1].split(",")[1])).toBeGreaterThan(Number(labels[0].split(",")[1])); // the second goes below its point
  });

  it("labels an integer chart in GOP/s and op/B", () => {
    const ints = rooflineSvg({ ...chart, unit: "op/B", rateUnit: "GOP/s", compute: [{ label: "int8 peak", rate: 256, unit: "GOP/s" }], arrows: [] });
    expect(ints).toContain(">GOP/s</text>");
    expect(ints).toContain("int8 peak 256 GOP/s");
    expect(ints).toContain("arithmetic intensity (op/B of DRAM traffic)");
  });

  it("picks decade domains holding every roof and point when none are given", () => {
    const s = scales(chart);
    expect(s.x[0]).toBeLessThanOrEqual(0.5); expect(s.x[1]).toBeGreaterThanOrEqual(10);
    expect(s.y[0]).toBeLessThanOrEqual(10); expect(s.y[1]).toBeGreaterThanOrEqual(100);
    for (const v of [...s.x, ...s.y]) expect(Math.log10(v)).toBeCloseTo(Math.round(Math.log10(v)), 9);
  });
});
