// The full report of a file: as Markdown (the custom request `loopsmith/report`: the CLI's
// text rendering of each nest, under a heading), and as data for the report view
// (`loopsmith/reportData`, below).

import { rooflineOnly, type ActionOffer, type Figure, type FileReport, type NestReport, type Target } from "../engine";
import { formatNest } from "../format";
import { ROOFLINE_CSS, rooflineSvg, type RooflineChart } from "./rooflineSvg";

export const REPORT_REQUEST = "loopsmith/report";
export interface ReportParams { uri: string; nest?: string }
export interface ReportResult { markdown: string }

export function reportMarkdown(report: FileReport): string {
  const out = [`# Loopsmith report: ${report.file}`, "", `${report.nests.length} loop nest${report.nests.length === 1 ? "" : "s"}.`];
  if (report.problems.length) {
    out.push("", "## Problems", "", ...report.problems.map((p) => `- line ${p.line}, ${p.severity}: ${p.message}`));
  }
  for (const nest of report.nests) {
    out.push("", `## ${nest.id}: ${nest.function}(), line ${nest.line}`, "", "```text", formatNest(nest).replace(/^ {2}/gm, ""), "```");
  }
  return out.join("\n") + "\n";
}

// ---- The report view's data (`loopsmith/reportData`): plain JSON the client renders, plus the
// roofline chart as SVG (lsp/rooflineSvg.ts). Figures are the engine's; nothing is computed
// here but the roofs read off the target (peak FLOP/cycle x clock; bytes/cycle x clock).

export const REPORT_DATA_REQUEST = "loopsmith/reportData";

export interface ReportOffer {
  title: string;
  ok: boolean;
  reason?: string;
  /** Predicted seconds of the function's nests before and after (targets with a memory model). */
  before?: number;
  after?: number;
  /** Id of the chart's arrow for this rewrite (`data-arrow`), when the model predicts its point. */
  arrow?: string;
}

export interface ReportNest {
  id: string;
  function: string;
  line: number;
  macs: Figure;
  flops: Figure;
  estimate: string;
  seconds: number | null;
  /** "compute", "DRAM", "L2", "math calls", or null when unknown. */
  limiter: string | null;
  bound: "compute" | "memory" | null;
  dramBytes: number | null;
  dramSource: "model" | "compulsory";
  writebackBytes: Figure;
  intensity: number | null;
  unit: string;
  gflops: number | null;
  /** The roofline's y: work per second in 10^9 (GFLOP/s, or GOP/s for an integer nest). */
  rate: number | null;
  rateUnit: "GFLOP/s" | "GOP/s";
  percentOfPeak: number | null;
  levels: { level: string; misses: Figure; bytes: Figure }[];
  method: string;
  notes: string[];
  /** Why the nest is not on the chart (no FLOPs, unknown time...). */
  offChart?: string;
  offers: ReportOffer[];
  /** Why there are no offers, or why they carry no prediction. */
  offersNote?: string;
}

export interface ReportData {
  file: string;
  target: {
    name: string;
    description?: string;
    /** Compute roofs: one per kind of work the nests do, in 10^9 of it per second. */
    compute: { label: string; rate: number; unit: string }[];
    bandwidth: { label: string; gbs: number }[];
    /** What the target lacks (no cache model, no DRAM bandwidth, caches without bandwidth). */
    notes: string[];
  };
  nests: ReportNest[];
  problems: FileReport["problems"];
  partial: boolean;
  svg: string;
  /** The chart's styles (VS Code theme variables) for the view's page. */
  css: string;
  markdown: string;
}

const RATE_UNIT = { fp32: "GFLOP/s", fp64: "GFLOP/s", int8: "GOP/s", int: "GOP/s" } as const;

export function reportData(report: FileReport, target: Target, offersAt: (nest: NestReport) => ActionOffer[] | string): ReportData {
  // One compute roof per kind of work the nests do (fp32, fp64, int8 MACs, integer), at the
  // engine's peak for it; the fp32 peak when there is no nest.
  const kinds = new Map<string, { label: string; rate: number | null; unit: string }>();
  for (const n of report.nests) {
    const r = n.roofline;
    if (r.intensityDram) kinds.set(r.rateKind, { label: `${r.rateKind} peak`, rate: r.peakRate, unit: RATE_UNIT[r.rateKind] });
  }
  if (!kinds.size) kinds.set("fp32", { label: "fp32 peak", rate: target.peak.fp32FlopsPerCycle * target.clockGHz, unit: "GFLOP/s" });
  const compute = [...kinds.values()].filter((c): c is { label: string; rate: number; unit: string } => !!c.rate);
  const bandwidth = [
    ...(target.dram ? [{ label: "DRAM", gbs: target.dram.bandwidthGBs }] : []),
    ...target.caches.filter((c) => c.bandwidthBytesPerCycle).map((c) => ({ label: c.level, gbs: c.bandwidthBytesPerCycle! * target.clockGHz })),
  ];
  const notes: string[] = [];
  if (!target.dram) notes.push(`${target.name} has no DRAM bandwidth: no memory roof, the time is the compute term alone, and intensity uses the compulsory traffic`);
  else if (rooflineOnly(target)) notes.push(`${target.name} has no cache model (roofline only): DRAM bytes are the compulsory traffic, no per-level traffic`);
  if (target.caches.length && !target.caches.some((c) => c.bandwidthBytesPerCycle)) notes.push(`no cache level of ${target.name} has a bandwidth (bandwidthBytesPerCycle): the DRAM roof is the only memory roof`);
  for (const [kind, c] of kinds) if (!c.rate) notes.push(`${target.name} has no ${kind} peak: no compute roof for its ${kind} nests (they cannot run on it as written)`);

  const points: RooflineChart["points"][number][] = [];
  const arrows: RooflineChart["arrows"][number][] = [];
  const units = new Set<string>(), rateUnits = new Set<string>();
  const nests = report.nests.map((n): ReportNest => {
    const r = n.roofline;
    const offChart = r.intensityDram === null ? `intensity unknown: ${r.reason ?? n.compulsoryBytes.reason ?? "no DRAM bytes"}: not on the chart`
      : r.intensityDram === 0 ? "no arithmetic (the nest only moves data): not on the chart"
        : !r.rate ? `time unknown: ${r.reason ?? "no estimate"}: not on the chart` : undefined;
    if (!offChart) {
      points.push({ id: n.id, label: n.id, intensity: r.intensityDram!, rate: r.rate! });
      units.add(r.unit); rateUnits.add(RATE_UNIT[r.rateKind]);
    }
    const found = offersAt(n);
    const offers = typeof found === "string" ? [] : found.map((o, i): ReportOffer => {
      const p = o.predicted;
      const arrow = !offChart && p?.point ? `${n.id}#${i}` : undefined;
      if (arrow) arrows.push({ id: arrow, from: n.id, label: o.title, intensity: p!.point!.intensity, rate: p!.point!.rate });
      return { title: o.title, ok: o.ok, ...(o.reason ? { reason: o.reason } : {}), ...(p ? { before: p.before, after: p.after } : {}), ...(arrow ? { arrow } : {}) };
    });
    const offersNote = typeof found === "string" ? found
      : !offers.length ? "no rewrite offered on this nest"
        : !target.dram ? `not ranked: ${target.name} has no memory model, so loop order does not change its estimate`
          : !offers.some((o) => o.before !== undefined) ? "no predicted times: the model has no time for this function's nests before or after the rewrites, or the report's time budget ran out"
            : undefined;
    return {
      id: n.id, function: n.function, line: n.line, macs: n.macs, flops: n.flops,
      estimate: n.estimate.text, seconds: n.estimate.seconds, limiter: r.limiter, bound: r.bound,
      dramBytes: r.dramBytes, dramSource: r.dramSource, writebackBytes: n.traffic.writebackBytes,
      intensity: r.intensityDram, unit: r.unit, gflops: r.gflops, rate: r.rate, rateUnit: RATE_UNIT[r.rateKind], percentOfPeak: r.percentOfPeak,
      levels: n.traffic.levels, method: n.traffic.method, notes: r.notes,
      ...(offChart ? { offChart } : {}), offers, ...(offersNote ? { offersNote } : {}),
    };
  });
  const chart: RooflineChart = {
    unit: [...units].join(" or ") || "FLOP/B", rateUnit: [...rateUnits].join(" or ") || "GFLOP/s", compute, bandwidth, points, arrows,
  };
  return {
    file: report.file,
    target: { name: target.name, ...(target.description ? { description: target.description } : {}), compute, bandwidth, notes },
    nests, problems: report.problems, partial: !!report.partial, svg: rooflineSvg(chart), css: ROOFLINE_CSS, markdown: reportMarkdown(report),
  };
}
