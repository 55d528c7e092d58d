// Sizes for the plan's cost model when the code does not bind them: a loop `for (i = 0; i < n;
// i++)` whose counter indexes a dimension of constant extent (`double C[1000][1100]` with
// `C[i][j]`) runs at most that many times in a program that stays in bounds, so the search may
// price its candidates with n = 1000. PolyBench's kernels and many user kernels take their sizes
// as parameters and declare their arrays with the constants: without this the model cannot time
// them, and the search has no tiles to choose.
//
// Only the prediction uses these values: each rewrite is made, and checked, with the sizes
// unknown, so the code it gives holds for any n (tiles keep their min() bounds, jams their
// remainder loops). The figures of `analyze` never see them.

import type { Nest } from "../ir/types";
import type { Bindings } from "../symbolic/poly";
import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import { loopsOf } from "../transform/common";
import { accessesIn } from "../analysis/loopOrder";

/** One size the plan assumed, and the reference that bounds it (for the note). */
export interface PlannedSize { readonly value: number; readonly from: string;
  /** From the calls in the file (optimize/callSizes.ts), not from an array's extent. */
  readonly call?: boolean }

/**
 * The largest value each unbound size may take with every reference in bounds, over `nests`:
 * from loops with a constant lower bound, step 1 and a trip count `S + c` (S a size not in
 * `bindings`), whose counter `v` is a subscript `v + o` of a dimension of constant extent E:
 * lower + S + c - 1 + o <= E - 1. The tightest bound over all such references wins.
 */
export function plannedSizes(nests: readonly Nest[], bindings: (n: Nest) => Bindings): Map<string, PlannedSize> {
  const out = new Map<string, PlannedSize>();
  for (const n of nests) {
    const b = bindings(n), counters = new Set(loopsOf(n.root).map((l) => l.var));
    for (const l of loopsOf(n.root)) {
      if (l.step !== 1n || !l.tripCount || !l.lower) continue;
      const lower = l.lower.evaluate(b);
      const size = singleSize(l.tripCount, b);
      if (size && counters.has(size.name)) continue; // a triangular bound (j <= i): not a size
      if (!lower || !size) continue;
      const counter = Poly.symbol(l.var);
      for (const a of accessesIn(l)) {
        a.subscripts.forEach((sub, d) => {
          const extent = a.info?.dims[d]?.evaluate(b);
          if (!sub || !extent || !sub.mentions(l.var)) return;
          const o = sub.add(counter.scale(Rational.of(-1))).constantValue();
          if (!o) return;
          // lower + S + c - 1 + o <= E - 1  =>  S <= E - lower - c - o
          const most = extent.sub(lower).sub(size.c).sub(o);
          if (!most.isInteger() || most.sign() <= 0) return;
          const v = most.toNumber(), seen = out.get(size.name);
          if (!seen || v < seen.value) out.set(size.name, { value: v, from: a.text });
        });
      }
    }
  }
  return out;
}

/** `S + c` with S one size not bound (coefficient 1), else undefined. */
function singleSize(trip: Poly, b: Bindings): { name: string; c: Rational } | undefined {
  const syms = [...trip.symbols()].filter((s) => !b.has(s));
  if (syms.length !== 1 || trip.symbols().size !== 1) return undefined;
  const [name] = syms;
  if (trip.degreeIn(name) !== 1 || trip.mentionsInsideFloor(name)) return undefined;
  const coef = trip.coefficientOf(name, 1).constantValue();
  const c = trip.coefficientOf(name, 0).constantValue();
  return coef && c && coef.equals(Rational.ONE) ? { name, c } : undefined;
}

/** The note the plan carries: which sizes it was priced with. */
export function plannedSizesNote(sizes: ReadonlyMap<string, PlannedSize>): string {
  const list = (call: boolean) => [...sizes].filter(([, s]) => !!s.call === call).map(([k, s]) => `${k} = ${s.value} (${s.from})`).join(", ");
  const calls = list(true), extents = list(false);
  const how = [calls && `with the sizes the file's calls pass, ${calls}`, extents && `with the largest the arrays' extents allow, ${extents}`].filter(Boolean).join("; and ");
  return `the sizes are not bound: the plan was priced ${how}; the rewrite holds for any size (bind them with -D NAME=VALUE to plan for others)`;
}
