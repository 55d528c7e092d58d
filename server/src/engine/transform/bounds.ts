// Derived loop bounds (analysis/bounds.ts) written as C for the rewrites that move or tile a
// triangular band (permute.ts, tile.ts): the user's own text where a bound is the loop's own,
// else the bound printed in the user's names; max/min of several as `(a > b ? a : b)` and
// `v <= a && v < b`. Only the sizes the band's headers already name may appear (a size the
// lowering folded in is never printed), only counters of a type known to be signed
// (`v <= n - 1` with an unsigned n of 0 would wrap; a typedef's signedness is not known), and
// only counters stepped by 1 as written.

import { Poly } from "../symbolic/poly";
import type { Loop } from "../ir/types";
import { upperOf, type LevelBounds } from "../analysis/bounds";
import { functionOrder } from "../symbolic/order";
import { signedType, type TransformContext } from "./common";

export interface WrittenBounds { readonly lower: string; readonly conds: readonly string[] }

/** A writer of bounds for the loops of `band`, or why the band's counters cannot take new bounds. */
export function boundWriter(ctx: TransformContext, band: readonly Loop[]): ((l: Loop, lv: LevelBounds, name?: string) => WrittenBounds | string) | string {
  const t = ctx.text;
  for (const l of band) {
    if (!l.parts) return `loop ${l.var} (line ${l.span.line}) has a header that is not rewritten`;
    const u = t.slice(l.parts.update.start, l.parts.update.end).replace(/\s+/g, "");
    if (![`${l.var}++`, `++${l.var}`, `${l.var}+=1`, `${l.var}=${l.var}+1`].includes(u)) return `loop ${l.var} steps by \`${u}\`, not by 1 as written`;
  }
  const headers = band.map((l) => t.slice(l.header.start, l.parts!.headerClose)).join("\n");
  const rank = functionOrder(new Map(), headers);
  const vars = new Set(band.map((l) => l.var));
  return (l, lv, name = l.var) => {
    const p = l.parts!;
    if (!signedType(p.typeText)) return `loop ${l.var} counts in ${p.typeText}, an unsigned type or one not known to be signed (a typedef), where a new bound could wrap around`;
    for (const b of [...lv.lowers, ...lv.uppers])
      for (const s of b.symbols()) if (!vars.has(s) && rank(s) === Number.MAX_SAFE_INTEGER) return `the bound would name ${s}, which the loop headers do not`;
    const c = (b: Poly) => b.toC(rank);
    const own = upperOf(l);
    const lows = lv.lowers.map((b) => (b.equals(l.lower!) ? p.lowerText : c(b)));
    if (lows.some((x) => x === null)) return `a lower bound of ${l.var} has a fraction`;
    const lower = (lows as string[]).reduce((a, b) => `(${a} > ${b} ? ${a} : ${b})`);
    const conds: string[] = [];
    for (const u of lv.uppers) {
      if (u.equals(own) && p.boundText) { conds.push(`${name} ${p.relation} ${p.boundText}`); continue; }
      const le = c(u), lt = c(u.add(Poly.ONE));
      if (le === null || lt === null) return `an upper bound of ${l.var} has a fraction`;
      conds.push(lt.length <= le.length ? `${name} < ${lt}` : `${name} <= ${le}`);
    }
    return { lower, conds };
  };
}
