// Numeric innermost strides of a band's references under a candidate loop order: the
// figure in transformation titles ("innermost stride 884 -> 1") and the cost that
// layout.ts minimises.

import type { Bindings } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import type { Access, Loop, Node } from "../ir/types";

/** Array references of statements inside `l` (any depth). */
export function accessesIn(l: Loop): Access[] {
  const out: Access[] = [];
  const visit = (n: Node) => {
    if (n.kind === "stmt") out.push(...n.accesses);
    else if (n.kind === "loop") n.body.forEach(visit);
    else if (n.kind === "if") { out.push(...n.cond.accesses); [...n.then, ...n.else].forEach(visit); }
  };
  visit(l);
  return out;
}

/** Elements the reference moves when `l` advances one step; null when symbolic or not affine. */
export function strideOf(a: Access, l: Loop, b: Bindings): number | null {
  if (!a.offset || l.step === null || a.offset.degreeIn(l.var) > 1 || a.offset.mentionsInsideFloor(l.var)) return null;
  const c = a.offset.coefficientOf(l.var, 1).evaluate(b);
  return c ? c.mul(Rational.of(l.step)).toNumber() : null;
}

/** Cost of walking a reference with this stride: 0 invariant, 1 contiguous, 2..3 strided (by bytes, up to a 64-byte line). */
export function strideCost(s: number | null, bytes: number | null): number {
  if (s === null) return 3;
  if (s === 0) return 0;
  if (Math.abs(s) === 1) return 1;
  return 2 + Math.min(Math.abs(s) * (bytes ?? 4), 64) / 64;
}

/** Largest |stride| of the references in the innermost loop, for titles. */
export function innermostStride(refs: readonly Access[], inner: Loop, b: Bindings): number | null {
  let worst: number | null = 0;
  for (const a of refs) {
    const s = strideOf(a, inner, b);
    if (s === null) return null;
    if (worst !== null && Math.abs(s) > worst) worst = Math.abs(s);
  }
  return worst;
}
