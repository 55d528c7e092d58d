// A tiny LRU set-associative cache simulator and an interpreter of a nest's address trace, for
// the traffic tests only: the model (analysis/traffic.ts) is analytic; this is the reference it
// is checked against on small sizes. Hierarchy as in cachegrind: each level is accessed on a
// miss of the level before it; write-allocate; write-back (dirty lines counted when evicted
// and when left at the end).

import type { Bindings } from "../../src/engine/symbolic/poly";
import type { Loop, Nest, Node } from "../../src/engine/ir/types";
import type { CacheGeometry } from "../../src/engine/analysis/traffic";
import { ALL_CALLS, walk } from "../../src/engine/analysis/domain";

export class LruCache {
  readonly sets: number;
  // Per set, `ways` slots: the line held (-1: empty), when it was last used, whether it is dirty.
  // The least recently used slot is the one with the smallest stamp (an empty one first).
  private readonly line: Float64Array;
  private readonly used: Float64Array;
  private readonly isDirty: Uint8Array;
  private clock = 0;
  misses = 0;
  accesses = 0;
  writebacks = 0;

  constructor(readonly g: CacheGeometry) {
    this.sets = g.sizeBytes / (g.lineBytes * g.ways);
    const slots = this.sets * g.ways;
    this.line = new Float64Array(slots).fill(-1);
    this.used = new Float64Array(slots).fill(-1);
    this.isDirty = new Uint8Array(slots);
  }

  /** The slot holding `line` in its set, or -1. */
  private slotOf(line: number): number {
    const ways = this.g.ways, first = (line % this.sets) * ways;
    for (let k = first; k < first + ways; k++) if (this.line[k] === line) return k;
    return -1;
  }

  /** Accesses the line holding `addr`; true on a hit. */
  access(addr: number, write: boolean): boolean {
    this.accesses++;
    const line = Math.floor(addr / this.g.lineBytes);
    const ways = this.g.ways, first = (line % this.sets) * ways;
    let victim = first;
    for (let k = first; k < first + ways; k++) {
      if (this.line[k] === line) {
        this.used[k] = ++this.clock;
        if (write) this.isDirty[k] = 1;
        return true;
      }
      if (this.used[k] < this.used[victim]) victim = k;
    }
    this.misses++;
    if (this.line[victim] >= 0 && this.isDirty[victim]) this.writebacks++;
    this.line[victim] = line;
    this.used[victim] = ++this.clock;
    this.isDirty[victim] = write ? 1 : 0;
    return false;
  }

  /** Marks the line holding addr dirty if it is held (a write that hit a level above). */
  touchDirty(addr: number): void {
    const k = this.slotOf(Math.floor(addr / this.g.lineBytes));
    if (k >= 0) this.isDirty[k] = 1;
  }

  /** Dirty lines still held (written back when the program ends). */
  dirtyLeft(): number {
    let n = 0;
    for (let k = 0; k < this.line.length; k++) if (this.line[k] >= 0 && this.isDirty[k]) n++;
    return n;
  }
}

export class Hierarchy {
  readonly levels: LruCache[];
  constructor(geometries: readonly CacheGeometry[]) { this.levels = geometries.map((g) => new LruCache(g)); }
  access(addr: number, write: boolean): void {
    for (let i = 0; i < this.levels.length; i++) {
      if (this.levels[i].access(addr, write)) {
        // A write that hits here dirties the copies below too (write-back to DRAM counts them once).
        if (write) for (let j = i + 1; j < this.levels.length; j++) this.levels[j].touchDirty(addr);
        return;
      }
    }
  }
}

/** Base address of each array: one after the other in first-use order, each on a 4 KiB boundary plus `skew` lines per array. */
export function layout(nest: Nest, sizes: ReadonlyMap<string, number>, skew = 3, lineBytes = 64): Map<string, number> {
  const out = new Map<string, number>();
  let next = 1 << 20;
  let i = 0;
  for (const [name, bytes] of sizes) {
    out.set(name, next + i * skew * lineBytes);
    next += Math.ceil((bytes + 4096) / 4096) * 4096 * 2;
    i++;
  }
  void nest;
  return out;
}

/**
 * Runs the nest's accesses, in program order (a statement's accesses in the order lowering
 * lists them), through `visit` with byte addresses. Loops use their lower bound, step and trip
 * count (or min/max bound); guards are taken as always true (the traffic model's upper bound).
 */
export function runTrace(nest: Nest, b: Bindings, base: ReadonlyMap<string, number>, visit: (addr: number, write: boolean) => void): number {
  let count = 0;
  // The enclosing loops' variables, outermost first, and their current values: every compiled
  // offset and bound of one place in the nest takes the values of the loops around it as they
  // are (the array itself, not a copy: it is only read).
  const vars: string[] = [];
  const x: number[] = [];
  const compiled = new Map<object, (x: readonly number[]) => number>();
  const fn = (key: object, p: import("../../src/engine/symbolic/poly").Poly) => {
    let f = compiled.get(key);
    if (!f) {
      const c = p.compile([...vars], b);
      if (!c) throw new Error(`trace: cannot compile ${p.toString()}`);
      compiled.set(key, (f = c));
    }
    return f;
  };
  const run = (nodes: readonly Node[]) => {
    for (const n of nodes) {
      if (n.kind === "loop") loop(n);
      else if (n.kind === "if") { access(n.cond.accesses); run(n.then); run(n.else); }
      else if (n.kind === "stmt") { access(n.accesses); for (const c of n.inlined ?? []) run(c.body); }
      else throw new Error("trace: opaque node");
    }
  };
  const access = (list: readonly import("../../src/engine/ir/types").Access[]) => {
    for (const a of list) {
      const addr = base.get(a.array)! + fn(a, a.offset!)(x) * a.elementBytes!;
      count++;
      visit(addr, a.kind === "write");
    }
  };
  const loop = (l: Loop) => {
    const lower = fn(l.lower!, l.lower!)(x);
    const step = Number(l.step);
    let trip: number;
    if (l.minMax) {
      const args = l.minMax.args.map((a) => fn(a, a)(x));
      const u = l.minMax.op === "min" ? Math.min(...args) : Math.max(...args);
      const d = step > 0 ? u - lower : lower - u, m = Math.abs(step), rel = l.minMax.relation;
      trip = Math.max(0, rel === "<" || rel === ">" ? Math.ceil(d / m) : Math.floor(d / m) + 1);
    } else trip = fn(l.tripCount!, l.tripCount!)(x);
    const depth = vars.length;
    vars.push(l.var);
    x.push(lower);
    for (let t = 0; t < trip; t++) { x[depth] = lower + step * t; run(l.body); }
    vars.pop();
    x.pop();
  };
  loop(nest.root);
  return count;
}

/** Bytes of each array the nest touches, in first-use order (a pointer of unknown extent: 4 MiB). */
export function arraysOf(nest: Nest, b: Bindings): Map<string, number> {
  const out = new Map<string, number>();
  walk([nest.root], [], (n) => {
    const list = n.kind === "stmt" ? n.accesses : n.kind === "if" ? n.cond.accesses : [];
    for (const a of list) {
      if (out.has(a.array)) continue;
      const dims = a.info?.dims.map((d) => d?.evaluate(b)?.toNumber() ?? null) ?? [null];
      out.set(a.array, dims.every((d) => d !== null) && !a.via ? (dims as number[]).reduce((p, x) => p * x, 1) * (a.elementBytes ?? 8) : 1 << 22);
    }
  }, ALL_CALLS);
  return out;
}

/** Misses per level and write-backs of the last level, simulated. */
export function simulate(nest: Nest, b: Bindings, caches: readonly CacheGeometry[], arrays: ReadonlyMap<string, number> = arraysOf(nest, b), skew = 0): { misses: number[]; writebacks: number; accesses: number } {
  const h = new Hierarchy(caches);
  const base = layout(nest, arrays, skew, Math.max(...caches.map((c) => c.lineBytes)));
  const accesses = runTrace(nest, b, base, (a, w) => h.access(a, w));
  const last = h.levels[h.levels.length - 1];
  return { misses: h.levels.map((c) => c.misses), writebacks: last.writebacks + last.dirtyLeft(), accesses };
}
