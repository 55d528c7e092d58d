// Tiling (strip-mine + interchange) of a perfect band: tile loops outside, point loops inside
// (a triangular band over its bounding box, each point loop clipped to its own bounds),
// remainders through `min` written inline as a conditional expression (no helper function), and
// no `min` where the size divides a trip count the source fixes. Legal iff the band is fully
// permutable: no dependence direction '>' inside the band (floating-point reductions are
// allowed and reported).
// Default size (when 0 is given) on a target without a cache model: the largest power of two
// from 8 to 256 whose tile footprint, summed over the band's references, fits a 32 KiB L1
// data cache. On a target with caches the facade picks the sizes from the cost model instead
// (optimize/tileSizes.ts) and calls this with them. An accepted tile reports the sizes it
// applied (`tileSizes`), so an offer applies exactly the sizes its title names.
//   for (i = 0; i < N; i++) for (j = 0; j < M; j++) B[j][i] = A[i][j];   --tile i=32,j=32   ->
//   for (int i_t = 0; i_t < N; i_t += 32) for (int j_t = 0; j_t < M; j_t += 32)
//     for (i = i_t; i < (i_t + 32 < N ? i_t + 32 : N); i++) for (j = j_t; ...) B[j][i] = A[i][j];

import type { Loop } from "../ir/types";
import type { Dir } from "../analysis/dependences";
import { describe as describeDependence } from "../analysis/dependences";
import { applyEdits, indentBlock, indentUnit, lineIndent, opaqueInside, perfectChain, rectangular, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { accessesIn } from "../analysis/loopOrder";
import { reorderBounds, type LevelBounds } from "../analysis/bounds";
import { boundWriter } from "./bounds";

const L1_BYTES = 32 * 1024;

export function tile(ctx: TransformContext, sizes: Readonly<Record<string, number>>): TransformResult {
  const names = Object.keys(sizes);
  if (names.length === 0) return refuse("give at least one loop to tile, e.g. --tile i=32,j=32");
  const chain = perfectChain(ctx.nest.root);
  const start = chain.findIndex((l) => names.includes(l.var));
  if (start < 0) return refuse(`loops ${names.join(", ")} are not in the outer perfect band (${chain.map((l) => l.var).join(", ")})`);
  const band = chain.slice(start, start + names.length);
  if (band.length !== names.length || !band.every((l) => names.includes(l.var)))
    return refuse(`loops ${names.join(", ")} are not consecutive loops of the outer perfect band (${chain.map((l) => l.var).join(", ")})`);
  // A triangular band (a bound names another band loop) tiles over its bounding box: each tile
  // loop walks the range its loop covers over the whole band (analysis/bounds.ts), each point
  // loop keeps its own bounds clipped to the tile, so a tile outside the triangle runs nothing.
  const rect = rectangular(band);
  // Only a band of affine bounds (a min/max bound, as in tiled code, stays refused: rectangular's reason).
  if (rect && !band.every((l) => l.parts && l.lower && l.tripCount && !l.minMax)) return refuse(rect);
  const hull = new Map<string, LevelBounds>();
  const write = rect ? boundWriter(ctx, band) : null;
  if (typeof write === "string") return refuse(`${rect}: ${write}`);
  const bandVars = band.map((l) => l.var);
  const moves = (l: Loop) => bandVars.some((v) => v !== l.var && (l.lower?.mentions(v) || l.tripCount?.mentions(v)));
  if (write) for (const l of band.filter(moves)) {
    const lv = reorderBounds(band, [l.var]);
    if (typeof lv === "string") return refuse(`${rect}: the range of loop ${l.var} over the band cannot be derived (${lv})`);
    if (lv[0].lowers.length !== 1 || lv[0].uppers.length !== 1) return refuse(`the range of loop ${l.var} over the band is a max or min of bounds: its tiles are not derived`);
    hull.set(l.var, lv[0]);
  }
  const opaque = opaqueInside(band[0]);
  if (opaque) return refuse(`the nest holds a construct that is not analysed: ${opaque}`);
  for (const l of band) {
    if (l.step !== 1n) return refuse(`loop ${l.var} has step ${l.step}; tiling supports unit-step loops counting up`);
    if (!l.parts?.boundText || (l.parts.relation !== "<" && l.parts.relation !== "<=")) return refuse(`the condition of loop ${l.var} is not of the form ${l.var} < bound`);
  }
  // Fully permutable band: no '>' on any band loop of any dependence inside it.
  const vars = band.map((l) => l.var);
  const blockers: string[] = [];
  let floatReorder = false;
  for (const d of ctx.deps()) {
    const pos = vars.map((v) => d.loops.indexOf(v));
    if (pos.some((p) => p < 0)) continue;
    const bad = d.directions.some((v: readonly Dir[]) => {
      const first = v.findIndex((x) => x !== "=");
      return first >= 0 && first <= Math.max(...pos) && pos.some((p) => v[p] === ">" || v[p] === "*");
    });
    if (!bad) continue;
    if (d.reduction && !d.assumed) { floatReorder ||= d.floatReduction; continue; }
    blockers.push(describeDependence(d));
  }
  if (blockers.length) return refuse(`the band ${vars.join(", ")} is not fully permutable, so tiling would reorder dependent iterations`, [...new Set(blockers)]);

  const size = new Map<string, number>();
  const auto = defaultSize(band);
  for (const l of band) {
    const s = sizes[l.var];
    if (!Number.isInteger(s) || s < 0) return refuse(`tile size for ${l.var} must be a positive integer (0 picks one that fits L1)`);
    size.set(l.var, s === 0 ? auto : s);
  }
  // A picked size that holds a whole loop tiles nothing: not offered (sizes the user gives are applied).
  const trip = (l: Loop) => l.tripCount?.evaluate(ctx.bindings)?.toNumber() ?? null;
  if (band.every((l) => sizes[l.var] === 0) && band.every((l) => { const n = trip(l); return n !== null && n <= size.get(l.var)!; }))
    return refuse(`no loop of the band runs more iterations than the tile size that fits L1 (${auto}; ${band.map((l) => `${l.var} ×${trip(l)}`).join(", ")}): each tile would hold the whole loop, so there is nothing to tile`);
  const t = ctx.text;
  const used = new Set(t.match(/[A-Za-z_]\w*/g) ?? []);
  const fresh = (v: string) => { let n = `${v}_t`; while (used.has(n)) n += "t"; used.add(n); return n; };
  const unit = indentUnit(t);
  const base = lineIndent(t, band[0].span.start);
  const lines: string[] = [];
  const tileVar = new Map(band.map((l) => [l.var, fresh(l.var)]));
  for (const [k, l] of band.entries()) {
    const T = size.get(l.var)!;
    const tv = tileVar.get(l.var)!;
    const h = hull.get(l.var);
    const w = h ? write!(l, h, tv) : null;
    if (typeof w === "string") return refuse(`the tiles of loop ${l.var} cannot be written: ${w}`);
    const [lo, cond] = w ? [w.lower, w.conds.join(" && ")] : [l.parts!.lowerText, `${tv} ${l.parts!.relation} ${l.parts!.boundText}`];
    lines.push(`${base}${unit.repeat(k)}for (${l.parts!.typeText} ${tv} = ${lo}; ${cond}; ${tv} += ${T})`);
  }
  band.forEach((l, k) => {
    const T = size.get(l.var)!;
    const tv = tileVar.get(l.var)!;
    const b = l.parts!.boundText!;
    const end = l.parts!.relation === "<" ? `${tv} + ${T}` : `${tv} + ${T - 1}`;
    // A loop whose range moves with another band loop is tiled over its bounding box: its tiles do not align with its own start.
    const hi = !hull.has(l.var) && divides(ctx, l, T) ? end : `(${end} < ${b} ? ${end} : ${b})`;
    // A lower bound on an outer point loop (j = i) is clipped to the tile: max(j_t, i).
    const from = hull.has(l.var) && bandVars.some((v) => v !== l.var && l.lower!.mentions(v)) ? `(${tv} > ${l.parts!.lowerText} ? ${tv} : ${l.parts!.lowerText})` : tv;
    const init = l.parts!.declared ? `${l.parts!.typeText} ${l.var} = ${from}` : `${l.var} = ${from}`;
    const upd = t.slice(l.parts!.update.start, l.parts!.update.end);
    lines.push(`${base}${unit.repeat(band.length + k)}for (${init}; ${l.var} ${l.parts!.relation} ${hi}; ${upd})`);
  });
  const innermost = band[band.length - 1];
  const bodyText = t.slice(innermost.parts!.headerClose, innermost.span.end);
  const text = lines.join("\n").trimStart() + indentBlock(bodyText, unit.repeat(band.length));
  // The whole band is rebuilt around the innermost body; braces that wrapped a single inner
  // loop (and comments between the headers) are not kept.
  const edit: TextEdit = { start: band[0].span.start, end: band[0].span.end, newText: text };
  return {
    ok: true,
    title: `Tile loops ${band.map((l) => `${l.var} by ${size.get(l.var)}`).join(", ")}`,
    edits: [edit], text: applyEdits(t, [edit]), tileSizes: Object.fromEntries(size),
    notes: floatReorder ? ["changes the order of floating-point additions (results may differ in the last bits)"] : [],
  };
}

/**
 * True when every tile of `l` is full: its trip count is fixed by the source (constants,
 * `#define`s, enums: not a -D value or an assumption comment, which describe one configuration
 * and not every call) and T divides it. Then the point loop needs no `min` guard and keeps a
 * closed-form trip count (T), so the rewrites that count (unroll, unroll-and-jam) apply inside.
 */
export function divides(ctx: TransformContext, l: Loop, T: number): boolean {
  if (!l.tripCount || [...l.tripCount.symbols()].some((x) => ctx.assumed.has(x))) return false;
  const n = l.tripCount.evaluate(ctx.bindings);
  return n !== null && n.isInteger() && n.num > 0n && n.num % BigInt(T) === 0n;
}

/** Largest power of two (8..256) whose tile footprint fits L1: sum over references of T^(band loops it uses) * element bytes. */
function defaultSize(band: readonly Loop[]): number {
  const refs = accessesIn(band[band.length - 1]);
  let best = 8;
  for (let T = 8; T <= 256; T *= 2) {
    const bytes = refs.reduce((acc, a) => acc + T ** band.filter((l) => a.offset?.mentions(l.var)).length * (a.elementBytes ?? 8), 0);
    if (bytes <= L1_BYTES) best = T;
  }
  return best;
}
