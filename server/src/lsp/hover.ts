// Hover: on a loop header, that loop's figures and its nest's; on an array reference, its
// stride in every enclosing loop and whether the innermost loop walks it contiguously.
// Every figure comes from the engine report; this file only finds what is under the cursor
// and lays it out as short Markdown tables.

import { formatSeconds } from "../engine";
import type { Hover, MarkupContent } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { AccessReport, Figure, FileReport, LoopReport, NestReport, Stride } from "../engine";
import { bytes } from "../format";
import { targetNote, type Settings } from "./config";
import { toRange } from "./convert";

/** The engine's figures for a loop's own subtree (per entry of that loop). */
export type SubtreeFigures = (offset: number) => NestReport | null;

/**
 * How the client renders hovers: Markdown tables (VS Code), Markdown without tables (Neovim,
 * Helix and most others show table rows as raw pipes: the rows become a list), or plain text
 * (a client that does not list markdown in hover.contentFormat).
 */
export type HoverFormat = "tables" | "lists" | "plaintext";

export function hoverFormat(clientName: string | undefined, contentFormat: readonly string[] | undefined): HoverFormat {
  if (contentFormat && !contentFormat.includes("markdown")) return "plaintext";
  return /visual studio code|vscode|code - oss|vscodium|code-server/i.test(clientName ?? "") ? "tables" : "lists";
}

export function hover(doc: TextDocument, report: FileReport, offset: number, settings: Settings, subtree?: SubtreeFigures, format: HoverFormat = "tables"): Hover | null {
  const h = hoverMarkdown(doc, report, offset, settings, subtree);
  if (!h || format === "tables") return h;
  const value = withoutTables((h.contents as MarkupContent).value);
  return { ...h, contents: format === "lists" ? { kind: "markdown", value } : { kind: "plaintext", value: plain(value) } };
}

/** Table rows `| a | b |` as list items `- a: b` (the header and separator rows dropped). */
export function withoutTables(md: string): string {
  return md.split("\n").flatMap((line) => {
    if (!line.startsWith("|")) return [line];
    const cells = line.slice(1, line.endsWith("|") ? -1 : undefined).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
    if (cells.every((c) => c === "" || /^:?-+:?$/.test(c))) return [];
    const [head, ...rest] = cells.filter((c) => c !== "");
    return head === undefined ? [] : [rest.length ? `- ${head}: ${rest.join(" · ")}` : `- ${head}`];
  }).join("\n");
}

/** Markdown as plain text: code spans' backticks, emphasis and escapes removed (a code span's
 *  text kept as it is: `N*C*K` is a product, not emphasis). */
export function plain(md: string): string {
  return md.split(/(`[^`]*`)/).map((part, i) => (i % 2 ? part.slice(1, -1)
    : part.replace(/\*\*([^*]+)\*\*/g, "$1").replace(/(^|[^*\\])\*([^*]+)\*/g, "$1$2").replace(/\\([\\`*_[\]<>|#])/g, "$1"))).join("");
}

function hoverMarkdown(doc: TextDocument, report: FileReport, offset: number, settings: Settings, subtree?: SubtreeFigures): Hover | null {
  for (const nest of report.nests) {
    if (offset < nest.start || offset > nest.end) continue;
    const loop = nest.allLoops.find((l) => offset >= l.start && offset <= l.start + l.header.length);
    if (loop) {
      const own = nest.allLoops[0] === loop ? nest : subtree?.(loop.start) ?? null;
      return { contents: markdown(loopHover(nest, loop, settings, own)), range: toRange(doc, loop.start, loop.start + loop.header.length) };
    }
    const access = nest.accesses
      .filter((a) => offset >= a.start && offset <= a.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    if (access) return { contents: markdown(accessHover(nest, access)), range: toRange(doc, access.start, access.end) };
  }
  return null;
}

const markdown = (value: string): MarkupContent => ({ kind: "markdown", value });
const int = (v: number) => (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toPrecision(4));
/** Plain text made inert in Markdown (identifiers like in_ch, products like N*M). */
const esc = (s: string) => s.replace(/[\\`*_[\]<>|#]/g, "\\$&").replace(/\n/g, " ");
/** Markdown that must stay in one table cell. */
const cell = (s: string) => s.replace(/\n/g, " ");
/** A code span (a `|` inside it is escaped: most spans sit in table cells). */
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;

/** "442,368 = `N*C*K*K*FW*FH`", "`N*M` (M has no value)", or "unknown: reason". */
function figure(f: Figure, unit?: (v: number) => string): string {
  if (f.value !== null) {
    const v = unit ? unit(f.value) : int(f.value);
    // Long expressions (footprints of overlapping windows) only clutter a hover; the report has them.
    return f.expr && f.expr !== String(f.value) && f.expr.length <= 48 ? `${v} = ${code(f.expr)}` : v;
  }
  if (f.expr) return `${code(f.expr)} (${esc(f.reason ?? "no value")})`;
  return `unknown: ${esc(f.reason ?? "not modelled")}`;
}

function loopHover(nest: NestReport, loop: LoopReport, settings: Settings, own: NestReport | null): string {
  const outermost = own === nest;
  // Figures of this loop's subtree: the nest's for the outermost loop, else the engine's
  // per-entry analysis of the subtree (enclosing loop variables stay symbolic).
  const f = own ?? nest;
  const out: string[] = [];
  out.push(`**Loopsmith** · loop ${code(loop.var)} · nest ${code(nest.id)} in ${code(nest.function + "()")}`, "");
  out.push("| | |", "|---|---|");
  out.push(`| trip count of ${code(loop.var)} | ${cell(figure(loop.tripCount))} |`);
  if (!outermost) out.push(own ? `| *figures below: one run of loop ${code(loop.var)} and its body* | |` : `| *figures below are for the whole nest (line ${nest.line})* | |`);
  out.push(`| loops | ${esc(f.loops.map((l) => `${l.var} ×${l.tripCount.value !== null ? int(l.tripCount.value) : l.tripCount.expr ?? "?"}`).join(" › "))} |`);
  out.push(`| MACs | ${cell(figure(f.macs))} |`);
  out.push(`| FLOPs | ${cell(figure(f.flops))} |`);
  out.push(`| compulsory bytes | ${cell(figure(f.compulsoryBytes, bytes))} |`);
  const ai = f.arithmeticIntensity;
  const ridge = f.roofline?.ridge != null ? ` (ridge ${f.roofline.ridge.toPrecision(3)} on ${esc(short(f.roofline.target))})` : "";
  out.push(`| arithmetic intensity | ${ai.value !== null ? `${ai.value === 0 ? "0" : ai.value.toPrecision(3)} FLOP/B${ridge}` : `unknown: ${esc(ai.reason ?? "not modelled")}`} |`);
  const note = targetNote(settings, f.estimate.target);
  const bounded = timeOnTarget(f);
  if (bounded) out.push(`| estimate | ${esc(bounded)}${note ? ` (${esc(note)})` : ""} |`);
  else {
    const time = f.estimate.seconds !== null && f.estimate.seconds > 0 ? `~${formatSeconds(f.estimate.seconds)}` : esc(f.estimate.text);
    out.push(`| estimate @ ${esc(f.estimate.target)} | ${time}${note ? ` (${esc(note)})` : ""} |`);
  }
  if (f.roofline?.hint) out.push(`| activation | ${esc(f.roofline.hint)} |`);
  if (!outermost) out.push(`| whole nest (line ${nest.line}) | ${cell(figure(nest.macs))} MACs |`);
  const order = tensorOrder(nest);
  if (order) out.push("", order);
  const walked = nest.accesses.filter((a) => a.start >= loop.start && a.end <= loop.end && a.strides[loop.var]);
  if (walked.length) {
    out.push("", `| array reference | stride per step of ${code(loop.var)} |`, "|---|---|");
    const rows = new Map<string, { kinds: Set<string>; stride: string }>();
    for (const a of walked) {
      const row = rows.get(a.text) ?? { kinds: new Set<string>(), stride: stride(a.strides[loop.var]) };
      row.kinds.add(a.kind);
      rows.set(a.text, row);
    }
    for (const [text, row] of rows) out.push(`| ${code(text)} ${[...row.kinds].join("+")} | ${cell(row.stride)} |`);
  }
  if (nest.unknowns.length) {
    out.push("", ...nest.unknowns.map((u) => `- unknown: ${esc(u.what)}: ${esc(u.reason)}${u.line ? ` (line ${u.line})` : ""}`));
  }
  return out.join("\n");
}

/** "Cortex-A53 (Raspberry Pi 3)" -> "Cortex-A53". */
const short = (name: string) => name.replace(/\s*\(.*$/, "") || name;

/**
 * The time on a target with a memory term, in one line: `~1.90 ms on Cortex-A53: memory-bound,
 * DRAM 1.00 MiB` (plus what the DRAM figure is when no cache model gives it); null on a target
 * without one (the course notes' back-of-envelope keeps its own row).
 */
export function timeOnTarget(n: NestReport): string | null {
  const r = n.roofline;
  if (!r || (r.ridge === null && r.terms.memory.length === 0)) return null;
  if (r.seconds === null) return `unknown on ${short(r.target)}: ${r.reason ?? n.estimate.text}`;
  const m = r.terms.memory.find((x) => x.level === r.limiter);
  const what = r.bound === "memory" && m?.bytes != null ? `memory-bound, ${m.level} ${bytes(m.bytes)}` : r.limiter === "math calls" ? "compute-bound by math calls" : "compute-bound";
  const source = r.dramSource === "compulsory" ? (n.traffic.levels.length ? " (DRAM = compulsory traffic: no cache figures yet)" : " (roofline only)") : "";
  return `~${formatSeconds(r.seconds)} on ${short(r.target)}: ${what}${source}`;
}

/**
 * The course notes' first question (in which order does this code walk memory?) in tensor
 * words, from the engine's roles: the access order, and the array the innermost loop walks
 * worst against its layout (or that every array is walked contiguously).
 */
function tensorOrder(nest: NestReport): string | null {
  if (!nest.accessOrder) return null;
  const order = `walks memory as ${[...nest.accessOrder].join(",")}`;
  const walked = nest.arrays.filter((a) => a.layout && a.walk && a.walk.innermost.stride?.elements != null);
  if (!walked.length) return `**Tensor order**: ${order}.`;
  const worst = walked.reduce((w, a) => (Math.abs(a.walk!.innermost.stride!.elements!) > Math.abs(w.walk!.innermost.stride!.elements!) ? a : w));
  const { loop, role, stride } = worst.walk!.innermost;
  const n = Math.abs(stride!.elements!);
  if (n <= 1) {
    const moved = walked.filter((a) => a.walk!.innermost.stride!.elements !== 0).map((a) => `${a.name} (${a.layout})`);
    return `**Tensor order**: ${order}; innermost loop ${code(loop)} (${role}) walks ${esc(moved.join(", ") || "no array")} contiguously.`;
  }
  const last = worst.layout!.slice(-1);
  const moves = worst.walk!.innermost.moves;
  const why = moves ? `steps its ${moves} dimension, not its innermost ${last}` : "does not index it";
  return `**Tensor order**: ${order}; ${esc(worst.name)} is ${worst.layout} (innermost loop ${code(loop)} (${role}) ${why}: stride ${int(n)} elements${stride!.bytes !== null ? ` = ${bytes(Math.abs(stride!.bytes))}` : ""}).`;
}

function accessHover(nest: NestReport, a: AccessReport): string {
  const out: string[] = [];
  out.push(`**Loopsmith** · ${code(a.text)} (${a.kind}) · element ${a.elementBytes !== null ? `${a.elementBytes} B` : "size unknown"}`, "");
  out.push("| loop | stride per step |", "|---|---|");
  for (const [v, s] of Object.entries(a.strides)) out.push(`| ${code(v)}${v === a.innermost ? " (innermost)" : ""} | ${cell(stride(s))} |`);
  const inner = a.innermost ? a.strides[a.innermost] : undefined;
  out.push("");
  if (!a.innermost || !inner) out.push("Not inside a loop.");
  else if (inner.elements === null) out.push(`Contiguity unknown: the stride of innermost loop ${code(a.innermost)} is ${inner.expr ? code(inner.expr) : "unknown"}${inner.reason ? ` (${esc(inner.reason)})` : ""}.`);
  else if (Math.abs(inner.elements) === 1) out.push(`Innermost loop ${code(a.innermost)} walks it **contiguously**.`);
  else if (inner.elements === 0) out.push(`Innermost loop ${code(a.innermost)} does not move it (stride 0: the same element every step).`);
  else {
    const advice = nest.strideAdvice.find((s) => s.start === a.start && s.end === a.end);
    out.push(`**Not contiguous**: ${advice ? esc(advice.message) : `innermost loop ${code(a.innermost)} walks it with stride ${stride(inner)}`}.`);
  }
  return out.join("\n");
}

function stride(s: Stride): string {
  if (s.elements === null) return s.expr ? `${code(s.expr)} elements (${esc(s.reason ?? "no value")})` : `unknown: ${esc(s.reason ?? "not modelled")}`;
  const b = s.bytes !== null ? ` = ${s.bytes < 0 ? "-" : ""}${bytes(Math.abs(s.bytes))}` : "";
  const expr = s.expr && s.expr !== String(s.elements) ? ` (${code(s.expr)})` : "";
  return `${int(s.elements)} element${Math.abs(s.elements) === 1 ? "" : "s"}${b}${expr}`;
}
