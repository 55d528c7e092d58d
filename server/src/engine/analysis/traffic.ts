// Cache traffic of one nest in its current loop order and tiling: lines filled into each cache
// level and the bytes that reach main memory, for one execution of the nest from cold caches
// (LRU, write-allocate). Pure: IR + bound values + cache geometry in, figures out.
//
// This file fixes the interface the cost model (targets, roofline, estimates) calls. The
// analytic model itself is issue 9's work; until it lands the answer is honest: no cache
// levels are modelled and every figure is unknown with that reason.

import type { Bindings } from "../symbolic/poly";
import type { Nest } from "../ir/types";
import type { Figure } from "./report";

/** One cache level of a target, as in the target files' `caches` entries. */
export interface CacheGeometry {
  readonly level: string;
  readonly sizeBytes: number;
  readonly lineBytes: number;
  readonly ways: number;
  readonly shared?: boolean;
}

export interface LevelTraffic {
  level: string;
  /** Lines filled into this level. */
  misses: Figure;
  /** misses x line size. */
  bytes: Figure;
}

export interface Traffic {
  /** Innermost level first, as the caches are given. */
  levels: LevelTraffic[];
  /** Bytes read from main memory: the last level's misses x its line size. */
  dramBytes: Figure;
  /** Dirty lines written back to main memory, in bytes. */
  writebackBytes: Figure;
  /** The method, in one sentence with its citation. */
  method: string;
}

/** Traffic of `nest` through `caches` (innermost first). */
export function trafficOf(nest: Nest, bindings: Bindings, caches: readonly CacheGeometry[]): Traffic {
  void nest; void bindings;
  const none: Figure = { expr: null, value: null, reason: "the cache model is not built yet" };
  return {
    levels: caches.map((c) => ({ level: c.level, misses: none, bytes: none })),
    dramBytes: none, writebackBytes: none,
    method: "none yet",
  };
}
