// Analyses one nest: trip counts, executions of every statement, MACs, FLOPs by kind,
// integer ops, calls, strides, footprints, compulsory traffic, arithmetic intensity, and the
// traffic, roofline and time estimate on the selected target (traffic.ts, roofline.ts).
// Pure: IR + bound values + target in, NestReport out.

import type { Bindings } from "../symbolic/poly";
import { Poly } from "../symbolic/poly";
import type { Access, Loop, Nest, Node, OpCounts } from "../ir/types";
import { ALL_CALLS, Domain, elseGuard, type Enclosing, walk } from "./domain";
import { Footprint, type Ref } from "./footprint";
import { dependences, noAliasAssumption, type Dependence } from "./dependences";
import { bestOrder, checkOrder, perfectChain, strideOf } from "./loopOrder";
import { distributionBlockers } from "./distribution";
import { tensorRoles } from "./roles";
import { trafficOf } from "./traffic";
import { costOn, type Scalar } from "./roofline";
import { DEFAULT_TARGET, type Target } from "../model/targets";
import { byName, type AccessReport, type ArrayReport, type Figure, type LoopReport, type NestReport, type StatementReport, type Stride, type StrideAdvice, type Unknown } from "./report";

/** Per-call cost of a function defined in the same file (its whole body, once), in its parameters. */
export type CalleeCost = { ops: Record<CountKind, Poly>; params: readonly string[] } | { reason: string };
export type CountKind = "fadd" | "fmul" | "fdiv" | "fcall" | "macs" | "fmacs" | "intOps";
const KINDS: CountKind[] = ["fadd", "fmul", "fdiv", "fcall", "macs", "fmacs", "intOps"];

export interface NestContext {
  readonly bindings: Bindings;
  readonly order: (s: string) => number;
  readonly callee: (name: string) => CalleeCost;
  /** For a subtree analysed on its own: the variables of the loops around it (symbolic here). */
  readonly outerLoops?: readonly string[];
  /** The machine of the estimate, traffic and roofline (default: the course notes' 1 GHz, 1 MAC/cycle). */
  readonly target?: Target;
  /** Figures for comparing rewrites: AnalyzeOptions.pricing. */
  readonly pricing?: boolean;
}

/** A total under construction; `numeric` when some part was counted for the bound values only. */
type Total = { poly: Poly; reason?: undefined; numeric?: boolean } | { poly: null; reason: string; numeric?: boolean };

export class FigureMaker {
  constructor(private readonly bindings: Bindings, private readonly order: (s: string) => number, private readonly outer: readonly string[] = []) {}
  make(t: Total | { poly: Poly | null; reason?: string; numeric?: boolean }): Figure {
    if (!t.poly) return { expr: null, value: null, reason: t.reason ?? "unknown" };
    const v = t.poly.evaluate(this.bindings);
    if (t.numeric && v) return { expr: null, value: v.toNumber(), reason: "exact for the bound values only: statements under an if are counted, not given by a formula" };
    const expr = t.poly.toString(this.order);
    if (v) return { expr, value: v.toNumber() };
    const free = [...t.poly.bind(this.bindings).symbols()].filter((s) => !s.startsWith("$"));
    const loopVars = free.filter((s) => this.outer.includes(s));
    if (loopVars.length) return { expr, value: null, reason: `per entry of this loop: depends on the enclosing loop variable${loopVars.length > 1 ? "s" : ""} ${loopVars.join(", ")}` };
    return { expr, value: null, unbound: free, reason: `unbound symbol${free.length > 1 ? "s" : ""} ${free.join(", ")}: bind with -D NAME=VALUE or a // loopsmith: assume NAME=VALUE comment` };
  }
}

/** Fewer iterations than this (four floats: one 128-bit vector) in the deepest loop: not vectorised. */
const MIN_VECTOR_TRIP = 4;

/** Sums per-statement counts with their execution counts; the first unknown wins per kind. */
export function countNodes(nodes: readonly Node[], domain: Domain, callee: (n: string) => CalleeCost, path: readonly Enclosing[] = []) {
  const totals = Object.fromEntries(KINDS.map((k) => [k, { poly: Poly.ZERO } as Total])) as Record<CountKind, Total>;
  const calls = new Map<string, Total>();
  const mathCalls = new Map<string, Total>();
  const unknowns: Unknown[] = [];
  const add = (k: CountKind, p: Poly | null, reason?: string, numeric = false) => {
    const t = totals[k];
    if (!t.poly) return;
    totals[k] = p ? { poly: t.poly.add(p), numeric: t.numeric || numeric } : { poly: null, reason: reason! };
  };
  const addOps = (ops: OpCounts, exec: Total, line: number, path: readonly Enclosing[]) => {
    for (const k of KINDS) {
      const n = ops[k];
      if (n === 0) continue;
      add(k, exec.poly ? exec.poly.scale(rat(n)) : null, exec.reason, exec.numeric);
    }
    for (const [into, counts] of [[calls, ops.userCalls], [mathCalls, ops.mathCalls]] as const) for (const [name, n] of counts) {
      const c = into.get(name) ?? { poly: Poly.ZERO };
      into.set(name, c.poly && exec.poly ? { poly: c.poly.add(exec.poly.scale(rat(n))), numeric: c.numeric || exec.numeric } : { poly: null, reason: c.reason ?? exec.reason! });
    }
    // Each call costs its callee's body with the actual arguments in place of the parameters.
    for (const site of ops.userCallArgs) {
      const cost = callee(site.name);
      if ("reason" in cost) { for (const k of KINDS) add(k, null, `cost of ${site.name}(): ${cost.reason}`); continue; }
      const tmp = cost.params.map((_, i) => `$arg${i}`);
      for (const k of KINDS) {
        let poly = cost.ops[k];
        if (poly.isZero()) continue;
        const missing = cost.params.find((p, i) => poly.mentions(p) && !site.args[i]);
        if (missing) { add(k, null, `cost of ${site.name}() depends on its argument ${missing}, which is not an affine value (line ${line})`); continue; }
        cost.params.forEach((p, i) => { if (poly.mentions(p)) poly = poly.substitute(p, Poly.symbol(tmp[i])); });
        tmp.forEach((t, i) => { if (poly.mentions(t)) poly = poly.substitute(t, site.args[i]!); });
        const loops = path.filter((x): x is Loop => x.kind === "loop");
        if (loops.some((l) => poly.mentions(l.var))) {
          const s = domain.sumOver(path, poly);
          add(k, s.poly, s.poly ? undefined : `cost of ${site.name}() per call: ${s.reason}`);
        } else add(k, exec.poly ? exec.poly.mul(poly) : null, exec.reason, exec.numeric);
      }
    }
    for (const u of ops.unknownCalls) unknowns.push({ what: `cost of ${u.split(" ")[0]}`, reason: `${u}; not included in the figures`, line });
    for (const u of ops.uncertain) for (const k of u.kinds) add(k, null, u.reason);
    if (ops.untyped.length > 0) {
      const reason = `the type of ${ops.untyped[0]} is unknown, so it may or may not be a FLOP (line ${line})`;
      for (const k of ["fadd", "fmul", "fdiv", "intOps"] as CountKind[]) add(k, null, reason);
    }
  };
  // Inlined calls count with their bodies (those that run only sometimes are in `uncertain`).
  walk(nodes, path, (n, p) => {
    if (n.kind === "stmt") {
      const exec = domain.executions(p) as Total;
      addOps(n.ops, exec, n.span.line, p);
      for (const u of n.unknowns) unknowns.push(u);
    } else if (n.kind === "if") {
      addOps(n.cond.ops, domain.executions(p) as Total, n.span.line, p);
    } else if (n.kind === "opaque") {
      unknowns.push(n.unknown);
      for (const k of KINDS) add(k, null, `${n.unknown.reason} (line ${n.span.line})`);
    } else if (n.kind === "loop" && n.unknown) {
      unknowns.push(n.unknown);
    }
  }, (c) => !c.sometimes);
  return { totals, calls, mathCalls, unknowns };
}

const rat = (n: number) => Poly.constant(n).constantValue()!;

export function analyzeNest(nest: Nest, ctx: NestContext): NestReport {
  const domain = new Domain(ctx.bindings, ctx.order);
  const fig = new FigureMaker(ctx.bindings, ctx.order, ctx.outerLoops);
  const root = nest.root;
  const noalias = noAliasAssumption(nest);
  // Pre-pass, outer loops first: value ranges of loop variables and trip-count checks.
  const allLoops: Loop[] = [];
  const visit = (l: Loop) => { allLoops.push(l); if (l.tripCount) { domain.checkTrip(l); domain.enter(l); } };
  visit(root);
  walk(root.body, [root], (n) => { if (n.kind === "loop") visit(n); });
  // The loops of inlined callees: their ranges, not rows of the report.
  const callerLoops = new Set(allLoops);
  const calleeLoops: Loop[] = [];
  walk([root], [], (m) => { if (m.kind === "loop" && !callerLoops.has(m)) { calleeLoops.push(m); if (m.tripCount) { domain.checkTrip(m); domain.enter(m); } } }, ALL_CALLS);

  const { totals, calls, mathCalls, unknowns } = countNodes([root], domain, ctx.callee);

  // Deepest path.
  let deepest: Loop[] = [root];
  const descend = (l: Loop, path: Loop[]) => {
    if (path.length > deepest.length) deepest = path;
    for (const n of l.body) visitChild(n, path);
  };
  const visitChild = (n: Node, path: Loop[]) => {
    if (n.kind === "loop") descend(n, [...path, n]);
    else if (n.kind === "if") [...n.then, ...n.else].forEach((c) => visitChild(c, path));
  };
  descend(root, [root]);
  const deepestPath = pathTo(root, deepest[deepest.length - 1]);
  const iterations = fig.make(domain.executions(deepestPath ? [...deepestPath] : []) as Total);

  const loopReport = (l: Loop): LoopReport => {
    const t = l.tripCount;
    const tf: Figure = t ? fig.make({ poly: t }) : { expr: null, value: null, reason: l.unknown?.reason ?? "not understood" };
    if (t && tf.value === null && [...t.symbols()].some((s) => allLoops.some((o) => o.var === s)))
      tf.reason = "depends on the enclosing loop variables";
    const bad = t ? domain.checkTrip(l) : null;
    if (bad) { tf.value = null; tf.reason = bad; }
    return { var: l.var, line: l.span.line, header: l.headerText, start: l.span.start, end: l.span.end, tripCount: tf };
  };

  const statements: StatementReport[] = [];
  walk([root], [], (n, p) => {
    const st = n.kind === "stmt" ? n : n.kind === "if" ? n.cond : null;
    if (!st) return;
    statements.push({
      line: st.span.line, start: st.span.start, end: st.span.end,
      exprStart: st.expr?.start ?? null, exprEnd: st.expr?.end ?? null,
      kind: n.kind === "if" ? "condition" : "statement",
      executions: fig.make(domain.executions(p) as Total),
    });
  });

  const loopReports = allLoops.map(loopReport);

  // Accesses and strides.
  const refs: Ref[] = [];
  const accesses: AccessReport[] = [];
  /** The refs of `accesses`, one for one. */
  const reported: Ref[] = [];
  walk([root], [], (n, p) => {
    const list: readonly Access[] = n.kind === "stmt" ? n.accesses : n.kind === "if" ? n.cond.accesses : n.kind === "opaque" ? n.accesses : [];
    for (const a of list) {
      refs.push({ access: a, path: p });
      // A reference inside an inlined callee is shown at the call, with its strides over the
      // caller's loops only (the callee's are not in this text).
      const loops = p.filter((x): x is Loop => x.kind === "loop" && (!a.inlined || callerLoops.has(x)));
      accesses.push(accessReport(a, loops, fig, ctx.order));
      reported.push(refs[refs.length - 1]);
    }
  }, ALL_CALLS);

  const strideAdvice = adviseStrides(accesses, reported, nest, ctx.bindings);

  // Footprint per array.
  const fp = new Footprint(domain, ctx.bindings, ctx.order);
  fp.setLoopVars([...allLoops, ...calleeLoops].map((l) => l.var));
  const byArray = new Map<string, Ref[]>();
  for (const r of refs) byArray.set(r.access.array, [...(byArray.get(r.access.array) ?? []), r]);
  const arrays: ArrayReport[] = [];
  let footprint: Total = { poly: Poly.ZERO };
  let compulsory: Total = { poly: Poly.ZERO };
  let numericOnly = false;
  for (const [name, rs] of byArray) {
    fp.usedBindings = false;
    const d = fp.distinct(rs);
    const info = rs.find((r) => r.access.info)?.access.info;
    const bytes = rs[0].access.elementBytes;
    const elems = fig.make(d as Total);
    if (d.poly && fp.usedBindings) { elems.expr = null; elems.reason = "exact for the bound values only (no general closed form)"; numericOnly = true; }
    const read = rs.some((r) => r.access.kind === "read");
    const written = rs.some((r) => r.access.kind === "write");
    let bytesTotal: Total;
    if (!d.poly) bytesTotal = { poly: null, reason: d.reason! };
    else if (bytes === null) bytesTotal = { poly: null, reason: `element size of ${name} is unknown` };
    else if (fp.usedBindings) {
      // Counted for the bound values: a number, or unknown when some size is still unbound.
      const v = d.poly.evaluate(ctx.bindings);
      bytesTotal = v ? { poly: Poly.constant(v).scale(rat(bytes)) } : { poly: null, reason: `footprint of ${name}: counted only for bound sizes, and ${[...d.poly.symbols()].join(", ")} ${d.poly.symbols().size > 1 ? "are" : "is"} not bound` };
    } else bytesTotal = { poly: d.poly.scale(rat(bytes)) };
    const bfig = fig.make(bytesTotal);
    if (d.poly && fp.usedBindings && bfig) bfig.expr = null;
    arrays.push({
      name, elementType: info?.element.base ?? "?", elementBytes: bytes,
      dims: info ? info.dims.map((x) => (x ? x.toString(ctx.order) : null)) : [],
      read, written, footprintElements: elems, footprintBytes: bfig,
    });
    const times = (read ? 1 : 0) + (written ? 1 : 0);
    footprint = footprint.poly && bytesTotal.poly ? { poly: footprint.poly.add(bytesTotal.poly) } : footprint.poly ? { poly: null, reason: `footprint of ${name}: ${bytesTotal.reason}` } : footprint;
    compulsory = compulsory.poly && bytesTotal.poly ? { poly: compulsory.poly.add(bytesTotal.poly.scale(rat(times))) } : compulsory.poly ? { poly: null, reason: `footprint of ${name}: ${bytesTotal.reason}` } : compulsory;
  }

  // Memory a call touches out of sight (a same-file function that reads or writes memory, a
  // pointer passed to a function not in the file) is not in the references above.
  let hidden: string | null = null;
  walk([root], [], (n) => {
    const list = n.kind === "stmt" ? n.effects : n.kind === "if" ? n.cond.effects : n.kind === "opaque" ? n.effects : undefined;
    const e = list?.find((x) => x.touchesArrays);
    if (e && !hidden) hidden = `memory touched inside ${e.call}() (line ${e.span.line}) is not counted`;
  }, ALL_CALLS);
  if (hidden) {
    footprint = { poly: null, reason: hidden };
    compulsory = { poly: null, reason: hidden };
  }
  const footprintFig = fig.make(footprint);
  const compFig = fig.make(compulsory);
  if (numericOnly) for (const f of [footprintFig, compFig]) if (f.value !== null) { f.expr = null; f.reason = "exact for the bound values only (no general closed form)"; }
  const flops: Total = sumTotals([totals.fadd, totals.fmul, totals.fdiv, totals.fcall]);
  const flopsFig = fig.make(flops);
  let ai: NestReport["arithmeticIntensity"];
  if (flopsFig.value === null) ai = { value: null, reason: `FLOPs unknown: ${flopsFig.reason}` };
  else if (compFig.value === null) ai = { value: null, reason: `traffic unknown: ${compFig.reason}` };
  else if (compFig.value === 0) ai = { value: null, reason: "the nest moves no array data" };
  else ai = { value: flopsFig.value / compFig.value };


  // Tensor roles, from the nest's own references (a callee's loops are not the nest's).
  const deepestLoops = (deepestPath ?? [root]).filter((x): x is Loop => x.kind === "loop");
  const tr = refs.some((r) => r.access.inlined) ? null
    : tensorRoles(refs.map((r) => ({ access: r.access, loops: r.path.filter((x): x is Loop => x.kind === "loop") })), allLoops, deepestLoops.map((l) => l.var), ctx.bindings, nest.locals);
  if (tr) for (const a of arrays) {
    const layout = tr.layouts.get(a.name);
    if (layout) a.layout = layout;
    const w = tr.walks.get(a.name);
    if (w) {
      const at = accesses.find((x) => x.array === a.name && x.innermost === w.innermost.loop);
      a.walk = { order: w.order, inLayoutOrder: w.inLayoutOrder, innermost: { ...w.innermost, stride: at?.strides[w.innermost.loop] ?? null } };
    }
  }

  // Traffic, roofline and the estimate on the target; on the default target the estimate is the
  // course notes' one MAC, or one other arithmetic operation, per cycle at 1 GHz, exactly.
  const target = ctx.target ?? DEFAULT_TARGET;
  const numeric = !!(totals.macs.numeric || flops.numeric || totals.intOps.numeric);
  // A reference of the deepest loop that walks memory with a stride other than 0 or 1 element
  // keeps the loop scalar (roofline.ts: the compute term then uses the scalar FP rate).
  // An unrolled loop (step s, copies at i, i+1, ..., i+s-1) moves each reference s elements a
  // step: its copies are neighbours, which gcc's SLP vectoriser packs. Counted as contiguous.
  const innermostOf = (i: number): Loop | undefined => {
    const r = reported[i];
    const ls = r.path.filter((x): x is Loop => x.kind === "loop" && (!r.access.inlined || callerLoops.has(x)));
    return ls[ls.length - 1];
  };
  // An innermost loop's reason to run scalar: a strided reference, or too few iterations.
  const scalarOf = (innerLoop: Loop): Scalar | null => {
    const inner = innerLoop.var;
    const step = innerLoop.step ? Math.abs(Number(innerLoop.step)) : 1;
    const vectorStride = (st: Stride) => unitStride(st) || (step > 1 && st.elements !== null && Math.abs(st.elements) === step);
    // (By the loop itself: sibling loops may share a counter's name.)
    const strided = accesses.find((x, i) => innermostOf(i) === innerLoop && x.strides[inner] && !vectorStride(x.strides[inner]));
    const s = strided?.strides[inner];
    // A deepest loop of fewer iterations than a 128-bit vector holds floats (a 3-wide window) fills
    // no vector either, whatever its strides: its work runs at the scalar rate too.
    const trip = innerLoop.tripCount?.evaluate(ctx.bindings)?.toNumber() ?? null;
    const short = trip !== null && trip > 0 && trip < MIN_VECTOR_TRIP && !(step > 1);
    return strided && s ? { text: strided.text, stride: s.elements !== null ? String(s.elements) : s.expr ?? "unknown" }
      : short ? { text: `loop ${inner}`, stride: "", trip: trip! } : null;
  };
  const innerLoop = deepestLoops.length ? deepestLoops[deepestLoops.length - 1] : null;
  let scalar = innerLoop ? scalarOf(innerLoop) : null;
  // Innermost loops that disagree (ludcmp's column walk beside a row walk once reordered): the
  // FLOPs of the scalar ones, as a share of those of all innermost loops at the bound sizes.
  const leaves = allLoops.filter((l) => !l.body.some((c) => c.kind === "loop" || (c.kind === "if" && [...c.then, ...c.else].some((x) => x.kind === "loop"))));
  if (leaves.length > 1) {
    const flopsIn = (l: Loop) => {
      const t = countNodes([l], domain, ctx.callee, (pathTo(root, l) ?? []).slice(0, -1)).totals;
      const f = sumTotals([t.fadd, t.fmul, t.fdiv, t.fcall]).poly?.evaluate(ctx.bindings)?.toNumber();
      return f ?? null;
    };
    const each = leaves.map((l) => ({ s: scalarOf(l), f: flopsIn(l) }));
    const total = each.reduce((a, x) => (a === null || x.f === null ? null : a + x.f), 0 as number | null);
    if (total) {
      // The scalar loops, most FLOPs first (its reason is the note's); all scalar: share 1.
      const off = each.filter((x) => x.s).sort((a, b) => b.f! - a.f!);
      const share = off.reduce((a, x) => a + x.f!, 0) / total;
      scalar = share === 0 ? null : share >= 0.999 ? off[0].s : { ...off[0].s!, share };
    }
  }
  const cost = costOn(target, {
    macs: totals.macs.poly, fmacs: totals.fmacs.poly, flops: flops.poly, intOps: totals.intOps.poly,
    mathCalls: new Map([...mathCalls].map(([k, v]) => [k, v.poly] as const)),
    ...(totals.macs.poly && flops.poly && totals.fmacs.poly && totals.intOps.poly ? {} : { reason: totals.macs.reason ?? flops.reason ?? totals.intOps.reason ?? totals.fmacs.reason }),
  }, arrays, compFig, target.caches.length ? trafficOf(nest, ctx.bindings, target.caches, ctx.pricing ? { dataGuards: "bound" } : {}) : null, ctx.bindings,
  (p, reason) => fig.make(p ? { poly: p, numeric } : { poly: null, reason: reason ?? "unknown" }), scalar);

  const loopsUnknown = allLoops.filter((l) => l.unknown).map((l) => l.unknown!);
  const allUnknowns = dedupe([...(nest.within ?? []), ...loopsUnknown, ...unknowns]);
  const report: NestReport = {
    id: nest.id, function: nest.function, line: root.span.line, start: root.span.start, end: root.span.end,
    loops: (deepestPath ?? [root]).filter((x): x is Loop => x.kind === "loop").map((l) => loopReports[allLoops.indexOf(l)]),
    allLoops: loopReports,
    iterations,
    macs: fig.make(totals.macs),
    flops: { ...flopsFig, byKind: { add: fig.make(totals.fadd), mul: fig.make(totals.fmul), div: fig.make(totals.fdiv), call: fig.make(totals.fcall) } },
    intOps: fig.make(totals.intOps),
    calls: byName([...calls].map(([k, v]) => [k, fig.make(v)] as const)),
    accesses,
    statements,
    arrays,
    strideAdvice,
    footprintBytes: footprintFig,
    compulsoryBytes: compFig,
    arithmeticIntensity: ai,
    estimate: cost.estimate,
    mathCalls: byName([...mathCalls].map(([k, v]) => [k, fig.make(v)] as const)),
    traffic: cost.traffic,
    roofline: cost.roofline,
    unknowns: allUnknowns,
    assumptions: [...domain.assumptions, ...fp.assumptions, ...(noalias ? [noalias] : [])],
    // In loop order (the roles are found array by array).
    roles: byName(tr ? [...new Set(allLoops.map((l) => l.var))].filter((v) => tr.roles.has(v)).map((v) => [v, tr.roles.get(v)!] as const) : []),
    accessOrder: tr?.accessOrder ?? null,
  };
  return nest.within?.length ? perIteration(report, nest.within) : report;
}

/**
 * A nest inside loops whose trip count is unknown (a `while` outside any counted loop): its
 * figures are per iteration of them, so no total is a number. The formulas stay (per
 * iteration); trip counts of the nest's own loops stay as they are (they are per entry).
 */
function perIteration(r: NestReport, within: readonly Unknown[]): NestReport {
  const w = within[within.length - 1];
  const reason = `per iteration of the loop at line ${w.line} around this nest, whose trip count is not known: ${w.reason}`;
  const per = <F extends Figure>(f: F): F => (f.value === null && f.reason ? f : { ...f, value: null, reason, unbound: undefined });
  return {
    ...r,
    iterations: per(r.iterations), macs: per(r.macs), intOps: per(r.intOps),
    flops: { ...per(r.flops), byKind: { add: per(r.flops.byKind.add), mul: per(r.flops.byKind.mul), div: per(r.flops.byKind.div), call: per(r.flops.byKind.call) } },
    calls: byName(Object.entries(r.calls).map(([k, v]) => [k, per(v)] as const)),
    statements: r.statements.map((s) => ({ ...s, executions: per(s.executions) })),
    arrays: r.arrays.map((a) => ({ ...a, footprintElements: per(a.footprintElements), footprintBytes: per(a.footprintBytes) })),
    footprintBytes: per(r.footprintBytes), compulsoryBytes: per(r.compulsoryBytes),
    arithmeticIntensity: { value: null, reason },
    estimate: { ...r.estimate, cycles: per(r.estimate.cycles), seconds: null, text: `unknown (${reason})` },
    mathCalls: byName(Object.entries(r.mathCalls).map(([k, v]) => [k, per(v)] as const)),
    traffic: { ...r.traffic, levels: r.traffic.levels.map((l) => ({ ...l, misses: per(l.misses), bytes: per(l.bytes) })), dramBytes: per(r.traffic.dramBytes), writebackBytes: per(r.traffic.writebackBytes) },
    roofline: { ...r.roofline, intensityDram: null, bound: null, limiter: null, seconds: null, gflops: null, rate: null, percentOfPeak: null, dramBytes: null, reason,
      terms: { compute: null, math: null, memory: r.roofline.terms.memory.map((m) => ({ ...m, bytes: null, seconds: null })) }, mathCalls: r.roofline.mathCalls.map((m) => ({ ...m, calls: null, cycles: null, share: null })) },
  };
}

function sumTotals(ts: Total[]): Total {
  let p = Poly.ZERO;
  let numeric = false;
  for (const t of ts) { if (!t.poly) return t; p = p.add(t.poly); numeric ||= !!t.numeric; }
  return { poly: p, numeric };
}

function dedupe(us: Unknown[]): Unknown[] {
  const seen = new Set<string>();
  return us.filter((u) => { const k = `${u.what}|${u.reason}|${u.line}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** The loops and guards from root down to (and including) target. */
function pathTo(root: Loop, target: Loop): Enclosing[] | null {
  const search = (n: Node, path: Enclosing[]): Enclosing[] | null => {
    if (n.kind === "loop") {
      const p = [...path, n];
      if (n === target) return p;
      for (const c of n.body) { const r = search(c, p); if (r) return r; }
    } else if (n.kind === "if") {
      for (const c of n.then) { const r = search(c, [...path, n]); if (r) return r; }
      for (const c of n.else) { const r = search(c, [...path, elseGuard(n)]); if (r) return r; }
    }
    return null;
  };
  return search(root, []);
}

/**
 * A stride in the shape of the declaration: `(K + FW - 1)*(K + FH - 1)` rather than the
 * expanded polynomial, when the loop variable appears in one subscript with a constant
 * coefficient (the common case).
 */
function strideAsProduct(a: Access, l: Loop, order: (s: string) => number): string | null {
  const dims = a.info?.dims;
  if (!dims || a.subscripts.some((s) => !s) || l.step === null) return null;
  const uses = a.subscripts.map((s, j) => [s!, j] as const).filter(([s]) => s.mentions(l.var));
  if (uses.length !== 1) return null;
  const [sub, j] = uses[0];
  const c = sub.coefficientOf(l.var, 1).constantValue();
  if (!c || sub.degreeIn(l.var) !== 1) return null;
  const factors: string[] = [];
  const k = c.mul(rat(Number(l.step)));
  for (const d of dims.slice(j + 1)) {
    if (!d) return null;
    const t = d.toString(order);
    factors.push(/[ +\-/]/.test(t) && dims.slice(j + 1).length > 1 ? `(${t})` : t);
  }
  if (factors.length === 0) return k.toString();
  if (!k.equals(rat(1))) factors.unshift(k.toString());
  return factors.join("*");
}

function accessReport(a: Access, loops: Loop[], fig: FigureMaker, order: (s: string) => number): AccessReport {
  const strides = byName<Stride>([]);
  for (const l of loops) {
    if (!a.offset) { strides[l.var] = { elements: null, expr: null, bytes: null, reason: a.reason }; continue; }
    if (a.offset.degreeIn(l.var) > 1 || a.offset.mentionsInsideFloor(l.var)) {
      strides[l.var] = { elements: null, expr: null, bytes: null, reason: `${a.text} is not linear in ${l.var}` };
      continue;
    }
    if (l.step === null) { strides[l.var] = { elements: null, expr: null, bytes: null, reason: l.unknown?.reason }; continue; }
    const c = a.offset.coefficientOf(l.var, 1).scale(rat(Number(l.step)));
    const f = fig.make({ poly: c });
    const shaped = strideAsProduct(a, l, order);
    if (shaped && f.expr !== null) f.expr = shaped;
    const varsInCoef = loops.some((o) => c.mentions(o.var));
    strides[l.var] = {
      elements: varsInCoef ? null : f.value, expr: f.expr,
      bytes: f.value !== null && a.elementBytes !== null && !varsInCoef ? f.value * a.elementBytes : null,
      ...(f.value === null ? { reason: varsInCoef ? "depends on another loop variable" : f.reason } : {}),
    };
  }
  const base = a.text;
  return {
    text: base, array: a.array, kind: a.kind, line: a.span.line, column: a.span.column, start: a.span.start, end: a.span.end,
    elementBytes: a.elementBytes, strides, innermost: loops.length ? loops[loops.length - 1].var : null,
  };
}

/** Which dimension a loop variable indexes, in words ("outermost", "2nd of 3", "innermost"). */
function dimensionWords(a: Access, v: string): string {
  const n = a.subscripts.length;
  const j = a.subscripts.findIndex((s) => s?.mentions(v));
  if (j < 0 || n === 1) return "only";
  if (j === 0) return "outermost";
  if (j === n - 1) return "innermost";
  return `${ordinal(j + 1)}`;
}
const ordinal = (k: number) => `${k}${k === 2 ? "nd" : k === 3 ? "rd" : "th"}`; // k >= 2 here

/**
 * Stride advice: a reference walked with a non-unit stride by its innermost loop, when a
 * legal reorder of the perfect band around it (dependences checked) makes the innermost
 * stride 0 or 1. Dependences are computed only when there is a candidate.
 */
/** At most one element per step: invariant (0, kept in a register) or contiguous (+-1). */
const unitStride = (s: Stride): boolean => s.elements !== null && Math.abs(s.elements) <= 1;

function adviseStrides(reports: AccessReport[], refs: Ref[], nest: Nest, bindings: Bindings): StrideAdvice[] {
  const out: StrideAdvice[] = [];
  const seen = new Set<string>();
  let deps: Dependence[] | undefined;
  const bandCache = new Map<Loop, { order: string[]; floatReorder: boolean } | null>();
  reports.forEach((r, idx) => {
    const inner = r.innermost;
    // No advice on a callee's reference: its innermost loop may be the callee's.
    if (!inner || refs[idx].access.inlined) return;
    const s = r.strides[inner];
    if (unitStride(s) || (s.elements === null && s.expr === null) || s.expr === "0") return;
    if (!Object.entries(r.strides).some(([v, t]) => v !== inner && t.expr === "1")) return;
    const key = `${r.start}:${r.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    const a = refs[idx].access;
    const loops = refs[idx].path.filter((p): p is Loop => p.kind === "loop");
    if (refs[idx].path.some((p) => p.kind === "if")) return;
    // The perfect band ending at the innermost loop.
    let k = loops.length - 1;
    while (k > 0 && loops[k - 1].body.length === 1 && loops[k - 1].body[0] === loops[k]) k--;
    const band = loops.slice(k);
    if (!bandCache.has(band[0])) {
      deps ??= dependences(nest, bindings);
      const best = bestOrder(band, deps, bindings);
      bandCache.set(band[0], "order" in best ? { order: best.order, floatReorder: checkOrder(band, best.order, deps).floatReorder } : null);
    }
    let fix: { kind: "permute" | "layout"; order: string[]; floatReorder: boolean; band: Loop[] } | null = null;
    const local = bandCache.get(band[0]);
    if (local) {
      const inner2 = band.find((l) => l.var === local.order[local.order.length - 1])!;
      const s2 = strideOf(a, inner2, bindings);
      if (s2 !== null && Math.abs(s2) <= 1) fix = { kind: "permute", ...local, band };
    }
    if (!fix) {
      deps ??= dependences(nest, bindings);
      fix = layoutFix(nest, loops, a, deps, bindings);
    }
    if (!fix) return;
    const noalias = noAliasAssumption(nest);
    const newInner = fix.band.find((l) => l.var === fix!.order[fix!.order.length - 1])!;
    const after = strideOf(a, newInner, bindings)!;
    const size = s.bytes !== null ? ` = ${formatBytes(Math.abs(s.bytes))}` : "";
    const amount = s.elements !== null ? `${Math.abs(s.elements).toLocaleString("en-US")} elements${size}` : `${s.expr} elements`;
    out.push({
      text: r.text, array: r.array, line: r.line, start: r.start, end: r.end, loop: inner, stride: s, contiguousLoop: newInner.var,
      message: `innermost loop ${inner} walks ${r.array}'s ${dimensionWords(a, inner)} dimension: stride ${amount}; ${fix.kind === "layout" ? "splitting the nest and reordering its loops" : "reordering"} ${fix.band.map((l) => l.var).join(",")} to ${fix.order.join(",")} walks it ${after === 0 ? "in place" : "contiguously"}${noalias ? ` (${noalias})` : ""}`,
      fix: { kind: fix.kind, nest: nest.id, order: fix.order, floatReorder: fix.floatReorder, line: fix.band[0].span.line },
    });
  });
  return out;
}

/**
 * The whole-nest fix when the band around a reference is too short: split the outer perfect
 * band around its body's parts (legal?) and reorder the part holding the reference together
 * with the outer loops (matmul with its C[i][j] = 0 init: i,j,k -> i,k,j).
 */
function layoutFix(nest: Nest, loops: readonly Loop[], a: Access, deps: readonly Dependence[], b: Bindings) {
  const outer = perfectChain(nest.root);
  const last = outer[outer.length - 1];
  if (last.body.length < 2 || loops.length <= outer.length || outer.some((l, i) => loops[i] !== l)) return null;
  const part = loops[outer.length];
  if (!last.body.includes(part)) return null;
  const inner = perfectChain(part);
  if (inner.length !== loops.length - outer.length || inner.some((l, i) => loops[outer.length + i] !== l)) return null;
  if (distributionBlockers(outer, deps)) return null;
  const within = deps.filter((d) => d.source.start >= part.span.start && d.source.end <= part.span.end && d.sink.start >= part.span.start && d.sink.end <= part.span.end);
  const band = [...outer, ...inner];
  const best = bestOrder(band, within, b);
  if (!("order" in best)) return null;
  const s = strideOf(a, band.find((l) => l.var === best.order[best.order.length - 1])!, b);
  if (s === null || Math.abs(s) > 1) return null;
  return { kind: "layout" as const, order: best.order, floatReorder: checkOrder(band, best.order, within).floatReorder, band };
}

export function formatBytes(v: number): string {
  if (v < 1024) return `${v} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toPrecision(3)} KiB`;
  return `${(v / 1024 / 1024).toPrecision(3)} MiB`;
}

export function formatSeconds(s: number): string {
  if (s >= 1) return `${s.toPrecision(3)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toPrecision(3)} ms`;
  if (s >= 1e-6) return `${(s * 1e6).toPrecision(3)} µs`;
  return `${(s * 1e9).toPrecision(3)} ns`;
}
