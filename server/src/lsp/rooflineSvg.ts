// The roofline chart of the report view as an SVG string: log-log axes (x = work per DRAM
// byte, y = GFLOP/s, or GOP/s for integer nests), the target's compute roofs (horizontal) and
// bandwidth roofs (slope 1: GFLOP/s = GB/s x FLOP/B) up to the highest compute roof, each nest as a labelled point, and
// for each ranked rewrite an arrow from its nest's point to the predicted point after it
// (hidden: the view shows one at a time, `.arrow.shown`). Williams, Waterman, Patterson,
// "Roofline", CACM 52(4), 2009.
//
// Pure: plain data in, text out; no colours of its own. Shapes carry classes only, styled by
// ROOFLINE_CSS from VS Code's theme variables, so the chart follows light, dark and high-contrast
// themes and needs no inline style (the webview's Content-Security-Policy allows none). Every
// text from the user's code (nest ids, titles) is escaped.

export interface RooflineChart {
  /** Unit of the x axis: "FLOP/B" (or "op/B", or both). */
  readonly unit: string;
  /** Unit of the y axis: "GFLOP/s" (or "GOP/s", or both). */
  readonly rateUnit: string;
  /** Horizontal roofs: peak work per second in 10^9 (fp32, fp64, int8...), each in its unit. */
  readonly compute: readonly { readonly label: string; readonly rate: number; readonly unit: string }[];
  /** Slanted roofs: bandwidth in GB/s (DRAM, and each cache level with a bandwidth). */
  readonly bandwidth: readonly { readonly label: string; readonly gbs: number }[];
  readonly points: readonly { readonly id: string; readonly label: string; readonly intensity: number; readonly rate: number }[];
  /** Before -> after of a rewrite: from the point `from` (a point id) to the predicted figures. */
  readonly arrows: readonly { readonly id: string; readonly from: string; readonly label: string; readonly intensity: number; readonly rate: number }[];
}

export interface ChartOptions {
  readonly width?: number;
  readonly height?: number;
  /** Axis domains [min, max] (powers of ten); by default the decades around every roof and point. */
  readonly x?: readonly [number, number];
  readonly y?: readonly [number, number];
}

/** The plot area and the log scales of a chart (for tests and the renderer alike). */
export interface Scales {
  readonly width: number; readonly height: number;
  readonly left: number; readonly top: number; readonly plotWidth: number; readonly plotHeight: number;
  readonly x: readonly [number, number]; readonly y: readonly [number, number];
  readonly px: (v: number) => number;
  readonly py: (v: number) => number;
}

const MARGIN = { left: 64, right: 24, top: 20, bottom: 52 };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const decadeBelow = (v: number) => 10 ** Math.floor(Math.log10(v));
const decadeAbove = (v: number) => 10 ** Math.ceil(Math.log10(v));
const positive = (v: number) => Number.isFinite(v) && v > 0;

export function scales(chart: RooflineChart, options: ChartOptions = {}): Scales {
  const width = options.width ?? 640, height = options.height ?? 380;
  const peak = Math.max(0, ...chart.compute.map((c) => c.rate));
  const xs = [...chart.points.map((p) => p.intensity), ...chart.arrows.map((a) => a.intensity),
    ...(peak > 0 ? chart.bandwidth.map((b) => peak / b.gbs) : [])].filter(positive);
  const x: [number, number] = options.x ? [options.x[0], options.x[1]]
    : xs.length ? [decadeBelow(Math.min(...xs) / 2), decadeAbove(Math.max(...xs) * 4)] : [0.01, 100];
  if (!options.x && x[1] / x[0] < 1000) x[0] = x[1] / 1000; // at least three decades: the slope reads as a slope
  const ys = [...chart.points.map((p) => p.rate), ...chart.arrows.map((a) => a.rate), ...chart.compute.map((c) => c.rate)].filter(positive);
  const y: [number, number] = options.y ? [options.y[0], options.y[1]]
    : ys.length ? [decadeBelow(Math.min(...ys) / 2), decadeAbove(Math.max(...ys) * 1.5)] : [0.01, 100];
  if (!options.y && y[1] / y[0] < 100) y[0] = y[1] / 100;
  const left = MARGIN.left, top = MARGIN.top;
  const plotWidth = width - MARGIN.left - MARGIN.right, plotHeight = height - MARGIN.top - MARGIN.bottom;
  const lx = [Math.log10(x[0]), Math.log10(x[1])], ly = [Math.log10(y[0]), Math.log10(y[1])];
  return {
    width, height, left, top, plotWidth, plotHeight, x, y,
    px: (v) => left + ((Math.log10(v) - lx[0]) / (lx[1] - lx[0])) * plotWidth,
    py: (v) => top + plotHeight - ((Math.log10(v) - ly[0]) / (ly[1] - ly[0])) * plotHeight,
  };
}

const f1 = (v: number) => Number(v.toFixed(1));

/** 0.001 ... 1000, then 10k, 100k, 1M ... 100T; 1e-4 below. */
function tick(v: number): string {
  const k = Math.round(Math.log10(v));
  if (k >= -3 && k <= 3) return String(Number(v.toPrecision(1)));
  const big = [[12, "T"], [9, "G"], [6, "M"], [3, "k"]] as const;
  for (const [e, p] of big) if (k >= e && k < e + 3) return `${10 ** (k - e)}${p}`;
  return `1e${k}`;
}

/** A figure for a label: three significant digits. */
export function num3(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString("en-US") : String(Number(v.toPrecision(3)));
}

export function rooflineSvg(chart: RooflineChart, options: ChartOptions = {}): string {
  const s = scales(chart, options);
  const { px, py, left, top, plotWidth, plotHeight } = s;
  const right = left + plotWidth, bottom = top + plotHeight;
  const inX = (v: number) => v >= s.x[0] * 0.999 && v <= s.x[1] * 1.001;
  const inY = (v: number) => v >= s.y[0] * 0.999 && v <= s.y[1] * 1.001;
  const out: string[] = [];
  out.push(`<svg class="roofline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${s.width} ${s.height}" width="${s.width}" height="${s.height}" role="img" aria-label="Roofline chart">`);
  out.push(`<defs><marker id="ls-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M0,0 L10,5 L0,10 z"/></marker>`,
    `<clipPath id="ls-plot"><rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}"/></clipPath></defs>`);
  // Grid and axes: one line per decade.
  out.push(`<g class="grid">`);
  for (let v = s.x[0]; v <= s.x[1] * 1.001; v *= 10) out.push(`<line x1="${f1(px(v))}" y1="${top}" x2="${f1(px(v))}" y2="${bottom}"/>`);
  for (let v = s.y[0]; v <= s.y[1] * 1.001; v *= 10) out.push(`<line x1="${left}" y1="${f1(py(v))}" x2="${right}" y2="${f1(py(v))}"/>`);
  out.push(`</g><g class="axis"><rect class="frame" x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}"/>`);
  for (let v = s.x[0]; v <= s.x[1] * 1.001; v *= 10) out.push(`<text class="tick" x="${f1(px(v))}" y="${bottom + 16}" text-anchor="middle">${tick(v)}</text>`);
  for (let v = s.y[0]; v <= s.y[1] * 1.001; v *= 10) out.push(`<text class="tick" x="${left - 6}" y="${f1(py(v) + 4)}" text-anchor="end">${tick(v)}</text>`);
  out.push(`<text class="label" x="${f1(left + plotWidth / 2)}" y="${s.height - 8}" text-anchor="middle">arithmetic intensity (${escapeXml(chart.unit)} of DRAM traffic)</text>`,
    `<text class="label" transform="translate(14 ${f1(top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(chart.rateUnit)}</text></g>`);

  // Roofs, clipped to the plot.
  const peak = Math.max(0, ...chart.compute.map((c) => c.rate));
  const maxBw = Math.max(0, ...chart.bandwidth.map((b) => b.gbs));
  out.push(`<g class="roofs" clip-path="url(#ls-plot)">`);
  chart.bandwidth.forEach((b, i) => {
    // From the left edge (or where the roof enters the plot from below) up to the ridge.
    const x0 = Math.max(s.x[0], s.y[0] / b.gbs);
    const ridge = peak > 0 ? peak / b.gbs : s.x[1];
    const x1 = Math.min(ridge, s.x[1]);
    if (x1 <= x0) return;
    out.push(`<polyline class="roof bandwidth${i === 0 ? " first" : ""}" data-roof="${escapeXml(b.label)}" points="${f1(px(x0))},${f1(py(b.gbs * x0))} ${f1(px(x1))},${f1(py(b.gbs * x1))}"/>`);
  });
  for (const c of chart.compute) {
    const x0 = maxBw > 0 ? Math.max(s.x[0], c.rate / maxBw) : s.x[0];
    out.push(`<polyline class="roof compute" data-roof="${escapeXml(c.label)}" points="${f1(px(x0))},${f1(py(c.rate))} ${f1(right)},${f1(py(c.rate))}"/>`);
  }
  out.push(`</g><g class="roof-labels">`);
  // Under the line at the right: a compute-bound nest's point and label sit on top of it.
  for (const c of chart.compute) if (inY(c.rate)) out.push(`<text class="roof-label" x="${right - 4}" y="${f1(py(c.rate) + 16)}" text-anchor="end">${escapeXml(`${c.label} ${num3(c.rate)} ${c.unit}`)}</text>`);
  chart.bandwidth.forEach((b) => {
    // Under the slope (a memory-bound nest's label sits above it), a little right of where it
    // enters the plot; level, under its start, when the ridge leaves no room along it.
    const enter = Math.max(s.x[0], s.y[0] / b.gbs), x0 = enter * 2.2;
    const text = escapeXml(`${b.label} ${num3(b.gbs)} GB/s`);
    if (peak > 0 && x0 * 3 > peak / b.gbs) {
      if (inX(enter) && inY(b.gbs * enter)) out.push(`<text class="roof-label" x="${f1(px(enter) + 4)}" y="${f1(py(b.gbs * enter) + 16)}">${text}</text>`);
      return;
    }
    if (!inX(x0) || !inY(b.gbs * x0)) return;
    const angle = (Math.atan2(py(b.gbs * x0 * 10) - py(b.gbs * x0), px(x0 * 10) - px(x0)) * 180) / Math.PI;
    out.push(`<text class="roof-label" transform="translate(${f1(px(x0) + 6)} ${f1(py(b.gbs * x0) + 14)}) rotate(${f1(angle)})">${text}</text>`);
  });
  // The ridge of the first bandwidth roof (DRAM) under the highest compute roof.
  const first = chart.bandwidth[0];
  if (first && peak > 0 && inX(peak / first.gbs) && inY(peak)) {
    const r = peak / first.gbs;
    out.push(`<line class="ridge-line" x1="${f1(px(r))}" y1="${f1(py(peak))}" x2="${f1(px(r))}" y2="${bottom}"/>`,
      `<circle class="ridge" data-intensity="${r}" cx="${f1(px(r))}" cy="${f1(py(peak))}" r="3"/>`,
      `<text class="roof-label" x="${f1(px(r) + 4)}" y="${bottom - 6}">${escapeXml(`ridge ${num3(r)} ${chart.unit}`)}</text>`);
  }
  out.push(`</g>`);

  // Arrows (hidden until chosen), then the points on top.
  const byId = new Map(chart.points.map((p) => [p.id, p]));
  out.push(`<g class="arrows">`);
  for (const a of chart.arrows) {
    const from = byId.get(a.from);
    if (!from || !positive(a.intensity) || !positive(a.rate)) continue;
    const x1 = px(from.intensity), y1 = py(from.rate), x2 = px(a.intensity), y2 = py(a.rate);
    out.push(`<g class="arrow" data-arrow="${escapeXml(a.id)}" data-from="${escapeXml(a.from)}"><title>${escapeXml(a.label)}</title>`);
    // A rewrite the model puts (nearly) where the nest is: a ring, no arrow to point anywhere.
    if (Math.hypot(x2 - x1, y2 - y1) < 8) out.push(`<circle class="same" cx="${f1(x2)}" cy="${f1(y2)}" r="9"/></g>`);
    else out.push(`<line x1="${f1(x1)}" y1="${f1(y1)}" x2="${f1(x2)}" y2="${f1(y2)}" marker-end="url(#ls-arrowhead)"/>`,
      `<circle class="after" cx="${f1(x2)}" cy="${f1(y2)}" r="4"/>`,
      `<text class="after-label" x="${f1(x2)}" y="${f1(y2 + (y2 >= y1 ? 18 : -10))}" text-anchor="middle">after</text></g>`);
  }
  out.push(`</g><g class="points">`);
  // Labels go above right of their point, else in the first other corner that overlaps no
  // label placed before (nests of one file often sit close together).
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  for (const p of chart.points) {
    if (!positive(p.intensity) || !positive(p.rate)) continue;
    const cx = px(p.intensity), cy = py(p.rate);
    const w = 7.5 * p.label.length, h = 14;
    const corners = [[1, -1], [1, 1], [-1, -1], [-1, 1]].map(([dx, dy]) => {
      const anchorEnd = dx < 0 || (dx > 0 && cx + 8 + w > right);
      const x = anchorEnd ? cx - 8 : cx + 8, y = dy < 0 ? cy - 8 : cy + 20;
      return { x, y, anchor: anchorEnd ? "end" : "start", box: { x0: anchorEnd ? x - w : x, x1: anchorEnd ? x : x + w, y0: y - h + 2, y1: y + 2 } };
    });
    const free = (b: (typeof placed)[number]) => !placed.some((q) => b.x0 < q.x1 && q.x0 < b.x1 && b.y0 < q.y1 && q.y0 < b.y1);
    const at = corners.find((c) => free(c.box)) ?? corners[0];
    placed.push(at.box);
    out.push(`<g class="point" data-nest="${escapeXml(p.id)}"><title>${escapeXml(`${p.label}: ${num3(p.intensity)} ${chart.unit}, ${num3(p.rate)} ${chart.rateUnit}`)}</title>`,
      `<circle cx="${f1(cx)}" cy="${f1(cy)}" r="5"/>`,
      `<text x="${f1(at.x)}" y="${f1(at.y)}" text-anchor="${at.anchor}">${escapeXml(p.label)}</text></g>`);
  }
  out.push(`</g></svg>`);
  return out.join("");
}

/** The chart's styles (for a <style nonce> of the webview): VS Code theme variables, with fallbacks. */
export const ROOFLINE_CSS = `
svg.roofline { font: 13px var(--vscode-font-family, sans-serif); max-width: 100%; height: auto; }
svg.roofline .tick { font-size: 12px; }
svg.roofline .grid line { stroke: var(--vscode-editorWidget-border, #8884); stroke-opacity: 0.45; stroke-width: 1; }
svg.roofline .frame { fill: none; stroke: var(--vscode-editor-foreground, #888); stroke-opacity: 0.6; }
svg.roofline text { fill: var(--vscode-editor-foreground, #333); }
svg.roofline .tick, svg.roofline .roof-label { fill: var(--vscode-descriptionForeground, #777); }
svg.roofline .roof { fill: none; stroke-width: 2.5; stroke-linecap: round; }
svg.roofline .roof.compute { stroke: var(--vscode-charts-red, #d33); }
svg.roofline .roof.bandwidth { stroke: var(--vscode-charts-blue, #37f); stroke-dasharray: 6 3; }
svg.roofline .roof.bandwidth.first { stroke-dasharray: none; }
svg.roofline .ridge-line { stroke: var(--vscode-descriptionForeground, #777); stroke-dasharray: 2 3; }
svg.roofline .ridge { fill: var(--vscode-charts-red, #d33); }
svg.roofline .point circle { fill: var(--vscode-charts-yellow, #e90); stroke: var(--vscode-editor-background, #fff); stroke-width: 1.5; }
svg.roofline .point text { font-weight: 600; }
svg.roofline .arrow { display: none; }
svg.roofline .arrow.shown { display: inline; }
svg.roofline .arrow line { stroke: var(--vscode-charts-green, #3a3); stroke-width: 2; }
svg.roofline .arrow .after { fill: var(--vscode-charts-green, #3a3); }
svg.roofline .arrow .after-label { fill: var(--vscode-charts-green, #3a3); font-weight: 600; }
svg.roofline .arrow .same { fill: none; stroke: var(--vscode-charts-green, #3a3); stroke-width: 2; stroke-dasharray: 3 2; }
svg.roofline .arrowhead { fill: var(--vscode-charts-green, #3a3); }
`;
