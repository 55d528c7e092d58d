// Tile sizes from the cost model: a small search over candidate sizes per loop of a band,
// each candidate scored by the traffic model and roofline estimate of the tiled code on the
// selected target (the caller supplies `score`: the rewrite, then the analysis of its text).
// Pure: numbers in, sizes out; it never edits text.
//
// Candidates per loop (trip count n): the powers of two from 8 below n, and the divisor of n
// nearest each of them (a tile that divides the loop leaves no remainder). Every candidate is
// < n: a tile holding the whole loop tiles nothing and is never chosen. A loop with no
// candidate (n <= 8) is left out of the band.
// Search: every cube (one power of two for every loop, capped per loop), then coordinate
// descent from the best cube (each loop's candidates with the others fixed, twice round),
// at most MAX_EVALUATIONS scores. The order of preference: lower predicted time; equal times
// (within 0.5%: a compute-bound nest, or a target whose caches have no bandwidth figure) are
// decided by fewer bytes at the outermost level that differs (DRAM, then the last cache, ...,
// then L1: the model's misses still order them), then by fewer, larger tiles (less loop
// overhead, longer contiguous inner runs).

import { check, OutOfBudget } from "../budget";
import type { NestReport } from "../analysis/report";
import { perfectChain } from "../analysis/loopOrder";
import { formatSeconds } from "../analysis/nest";
import { refuse, type TransformContext, type TransformResult } from "../transform/common";
import { tile } from "../transform/tile";

/** What the model says of one tiling: its time, and bytes per level from DRAM inwards. */
export interface TileScore {
  readonly seconds: number;
  /** DRAM bytes, then the last cache level's fills, ..., then L1's (the target's order reversed). */
  readonly bytes: readonly number[];
}

export const MAX_EVALUATIONS = 40;
const MIN_TILE = 8;

/** Candidate sizes for a loop of `trip` iterations, ascending, each < trip. */
export function candidateSizes(trip: number): number[] {
  const out = new Set<number>();
  const divisors: number[] = [];
  for (let d = MIN_TILE; d * 2 <= trip; d++) if (trip % d === 0) divisors.push(d);
  for (let p = MIN_TILE; p < trip && p <= 1024; p *= 2) {
    out.add(p);
    let near: number | null = null;
    for (const d of divisors) if (near === null || Math.abs(d - p) < Math.abs(near - p)) near = d;
    // Only a divisor close to the power of two (within a quarter): the rest are other sizes.
    if (near !== null && Math.abs(near - p) * 4 <= p) out.add(near);
  }
  return [...out].sort((a, b) => a - b);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b));

/** Negative when `a` is the better tiling (see the header for the order). */
export function compareScores(a: TileScore, b: TileScore, sizesA: readonly number[], sizesB: readonly number[]): number {
  if (!close(a.seconds, b.seconds)) return a.seconds - b.seconds;
  for (let i = 0; i < Math.min(a.bytes.length, b.bytes.length); i++) if (!close(a.bytes[i], b.bytes[i])) return a.bytes[i] - b.bytes[i];
  const product = (s: readonly number[]) => s.reduce((p, x) => p * x, 1);
  return product(sizesB) - product(sizesA);
}

export interface TileChoice { readonly sizes: ReadonlyMap<string, number>; readonly score: TileScore; readonly evaluations: number }

/**
 * The best sizes for `loops` (each with its trip count and candidates from candidateSizes),
 * or null when no candidate could be scored. Stops early (with the best so far) when the
 * budget runs out after at least one score.
 */
export function searchTileSizes(loops: readonly { var: string; trip: number }[], score: (sizes: ReadonlyMap<string, number>) => TileScore | null, maxEvaluations = MAX_EVALUATIONS): TileChoice | null {
  const cands = loops.map((l) => candidateSizes(l.trip));
  if (cands.some((c) => !c.length)) return null;
  const seen = new Map<string, TileScore | null>();
  let best: { sizes: number[]; score: TileScore } | null = null;
  let evaluations = 0;
  const tryOne = (sizes: number[]): void => {
    const key = sizes.join(",");
    if (seen.has(key) || evaluations >= maxEvaluations) return;
    check();
    evaluations++;
    const s = score(new Map(loops.map((l, i) => [l.var, sizes[i]])));
    seen.set(key, s);
    if (s && (!best || compareScores(s, best.score, sizes, best.sizes) < 0)) best = { sizes, score: s };
  };
  try {
    // Cubes: the same power of two for every loop, each capped at its largest candidate.
    const maxTrip = Math.max(...loops.map((l) => l.trip));
    for (let p = MIN_TILE; p < maxTrip && p <= 1024; p *= 2) tryOne(cands.map((c) => c.filter((x) => x <= p).pop() ?? c[0]));
    // Coordinate descent from the best cube.
    for (let round = 0; round < 2 && best; round++) {
      const start = (best as { sizes: number[] }).sizes.join(",");
      for (let i = 0; i < loops.length; i++) {
        const base = (best as { sizes: number[] }).sizes;
        for (const c of cands[i]) tryOne(base.map((x, k) => (k === i ? c : x)));
      }
      if ((best as { sizes: number[] }).sizes.join(",") === start) break;
    }
  } catch (e) {
    if (!(e instanceof OutOfBudget) || !best) throw e;
  }
  const b = best as { sizes: number[]; score: TileScore } | null;
  return b ? { sizes: new Map(loops.map((l, i) => [l.var, b.sizes[i]])), score: b.score, evaluations } : null;
}

/** The score of a function's nests (as analysed after a rewrite): their summed time and bytes; null when a time is unknown. */
export function scoreOf(nests: readonly NestReport[]): TileScore | null {
  let seconds = 0;
  const bytes: number[] = [];
  for (const n of nests) {
    if (n.estimate.seconds === null) return null;
    seconds += n.estimate.seconds;
    const levels = [n.roofline.dramBytes ?? 0, ...[...n.traffic.levels].reverse().map((l) => l.bytes.value ?? 0)];
    levels.forEach((b, i) => { bytes[i] = (bytes[i] ?? 0) + b; });
  }
  return { seconds, bytes };
}

/**
 * `--tile` with every size 0 on a target with a cache model: the sizes to give tile.ts for
 * the band's loops that admit a candidate (the first consecutive run of them), as
 * searchTileSizes picks them, each candidate tiled by tile.ts and scored by `score` (the
 * analysis of the rewritten text), with a note saying so; or tile.ts's refusal.
 * Null when it does not apply (a size is given, a trip count is not known, nothing could be
 * scored): tile.ts's own default then decides.
 */
export function tileByModel(ctx: TransformContext, sizes: Readonly<Record<string, number>>, target: string, score: (text: string) => TileScore | null, maxEvaluations = MAX_EVALUATIONS): { sizes: Record<string, number>; note: string } | { refused: TransformResult } | null {
  const names = Object.keys(sizes);
  if (!names.length || names.some((n) => sizes[n] !== 0)) return null;
  const first = tile(ctx, sizes); // legality (and the band's shape) as tile.ts decides it
  const band = perfectChain(ctx.nest.root).filter((l) => names.includes(l.var));
  const trips = band.map((l) => l.tripCount?.evaluate(ctx.bindings)?.toNumber() ?? null);
  if (!first.ok && !first.reason.startsWith("no loop of the band runs more iterations")) return { refused: first };
  if (trips.some((t) => t === null)) return null;
  const able = band.map((_, i) => candidateSizes(trips[i]!).length > 0);
  const from = able.indexOf(true);
  if (from < 0) return { refused: refuse(`every loop of the band runs ${Math.min(...(trips as number[]))}-${Math.max(...(trips as number[]))} iterations (${band.map((l, i) => `${l.var} ×${trips[i]}`).join(", ")}): no tile smaller than a loop is worth making, so there is nothing to tile`) };
  let to = from;
  while (to < band.length && able[to]) to++;
  const run = band.slice(from, to).map((l, i) => ({ var: l.var, trip: trips[from + i]! }));
  const tiled = (s: ReadonlyMap<string, number>) => tile(ctx, Object.fromEntries(s));
  const choice = searchTileSizes(run, (s) => { const r = tiled(s); return r.ok ? score(r.text) : null; }, maxEvaluations);
  if (!choice) return null;
  const untiled = score(ctx.text);
  const slower = untiled !== null && choice.score.seconds > untiled.seconds && !close(choice.score.seconds, untiled.seconds);
  const kept = band.filter((l) => !run.some((x) => x.var === l.var)).map((l) => `${l.var} ×${trips[band.indexOf(l)]}`);
  const note = `tile sizes from the cache model of ${target}: ${choice.evaluations} tilings scored, this one ~${formatSeconds(choice.score.seconds)}`
    + (untiled ? ` (untiled ~${formatSeconds(untiled.seconds)}${slower ? ": the model predicts the tiled code slower" : ""})` : "")
    + (kept.length ? `; not tiled (too short): ${kept.join(", ")}` : "");
  return { sizes: Object.fromEntries(choice.sizes), note };
}
