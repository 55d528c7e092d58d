// The engine's facade: the only entry the CLI, the language server and the tests use.
//   const engine = await Engine.create();
//   engine.analyze(text, { file, defines })  -> FileReport (plain data, see analysis/report.ts)
//   engine.open(text) -> SourceDocument with edit()/report() for incremental use
// Pure: no LSP, no VS Code, no file I/O (the caller reads files).

import { functionOrder } from "./symbolic/order";
import type { Node as TreeNode, Parser } from "web-tree-sitter";
import { functionDefinitions, functionHolding, initParser, parse, type SyntaxNode, type Tree } from "./syntax/parser";
import { mirror, unshared } from "./syntax/mirror";
import { collectFacts, type FactsOptions, type FileContext } from "./ir/facts";
import { assumedWithLocals, withLocals } from "./ir/scope";
import { FunctionLowering } from "./ir/lower";
import { unlistedFors } from "./ir/control";
import { callChainTooDeep, carryDefinitions } from "./ir/calls";
import type { FunctionIR } from "./ir/types";
import { Domain } from "./analysis/domain";
import { analyzeNest, countNodes, type CalleeCost, type CountKind, type NestContext } from "./analysis/nest";
import type { FileReport, NestReport, Problem, StatementReport } from "./analysis/report";
import { Rational } from "./symbolic/rational";
import { Poly, type Bindings } from "./symbolic/poly";
import type { Loop, Nest, Node as IrNode } from "./ir/types";
import { dependences, NO_ALIAS_NOTE, rowsFitting, type Dependence } from "./analysis/dependences";
import { runTransform, type TransformSpec } from "./transform/registry";
import { diffEdit, type TextEdit, type TransformContext, type TransformResult } from "./transform/common";
import { accessesIn } from "./analysis/loopOrder";
import { loopAt, offersFor, type ActionOffer } from "./transform/actions";
import { nestRoles } from "./analysis/roles";
import { relayout } from "./transform/relayout";
import { arrayUses } from "./ir/arrayUses";
import { OutOfBudget, check, unbounded, withBudget, type Budget } from "./budget";
import type { DataModel, Target } from "./model/targets";
import { MAX_EVALUATIONS, scoreOf, tileByModel } from "./optimize/tileSizes";
import { loopsAround } from "./analysis/carried";
import { adviceSpec, chooseFix, FIX_MARGIN, otherFixSpecs, speedup, type FixCandidate } from "./optimize/quickFix";
import type { StrideAdvice } from "./analysis/report";
import { optimize, type OptimizeOptions, type PlanStep, type Region } from "./optimize/search";
import { aliasGuard, aliasPairs, sizeGuard, versionText } from "./optimize/versioning";
import { plannedSizes, plannedSizesNote, type PlannedSize } from "./optimize/plannedSizes";
import { callSizes } from "./optimize/callSizes";

/** The LS001 quick fix as decided (optimize/quickFix.ts). */
export interface QuickFix {
  /** The rewrite it applies: the advice's own fix, or a reorder the model predicts faster. */
  readonly spec: TransformSpec;
  /** True when it is the advice's own fix. */
  readonly own: boolean;
  /** The rewrite on the current text (title, edits, notes); absent when the decision did not run it. */
  readonly result?: TransformResult;
  /** The function's predicted time before and after it, on a target with a memory model. */
  readonly predicted?: { readonly before: number; readonly after: number; readonly target: string };
}

/** Tilings scored for a tile offered at the cursor (the cubes and a few steps of the search):
 *  code actions share a 200 ms budget; `transform --tile` and resolving a size-0 spec score up to MAX_EVALUATIONS. */
const OFFER_TILINGS = 6;

export type { FileReport, NestReport, Problem, Figure, AccessReport, ArrayReport, LoopReport, Stride, StatementReport, StrideAdvice, RooflineReport, TrafficReport } from "./analysis/report";
export { SHIPPED_TARGETS, DEFAULT_TARGET, validateTarget, parseTarget, shippedTarget, rooflineOnly, type Target, type TargetResult, type DataModel } from "./model/targets";

export interface AnalyzeOptions {
  /** Shown in the report; the engine never reads it. */
  readonly file?: string;
  /** Values for symbols, like `-D N=64` (they win over the source). */
  readonly defines?: Readonly<Record<string, number | bigint>>;
  /** Functions not defined in the file that have no memory or side effects (like `--pure f`). */
  readonly pure?: readonly string[];
  /** Pointer parameters do not overlap (--assume-noalias); every figure and rewrite relying on it says so. */
  readonly assumeNoAlias?: boolean;
  /** Lower without assumed sizes (no defines, assumption comments' sizes left out): FactsOptions.unassumed. */
  readonly unassumed?: boolean;
  /** Sizes for choosing among legal rewrites (the loop order --layout picks), never for their
   *  legality nor printed into the code: the sizes the optimiser priced its plan with. */
  readonly hints?: Readonly<Record<string, number>>;
  /** Internal: a rewrite that `requires` run-time conditions is returned as made, with them,
   *  not yet under their check (the search and a plan's replay check them once, at the end). */
  readonly deferGuards?: boolean;
  /** How `defines` are named in messages about them (default `-D`; the editor says `loopsmith.assumptions`). */
  readonly definesLabel?: string;
  /** The machine of the estimates, traffic and roofline (model/targets.ts); default `1 GHz, 1 MAC/cycle`. */
  readonly target?: Target;
  /** Internal: figures for comparing rewrites (the search's predictions), where an upper bound
   *  serves: TrafficOptions.dataGuards "bound". A report keeps them unknown. */
  readonly pricing?: boolean;
  /** Sizes of `long`, pointers and `size_t`; default: the target's data model (LP64 for the default target). */
  readonly dataModel?: DataModel;
}

/** The options' `defines` as exact values. */
function definesOf(o: AnalyzeOptions): Map<string, Rational> {
  return new Map(Object.entries(o.defines ?? {}).map(([k, v]) => [k, Rational.of(BigInt(v))]));
}

function factsOptions(o: AnalyzeOptions): FactsOptions {
  return { noalias: !!o.assumeNoAlias, ...(o.definesLabel ? { definesLabel: o.definesLabel } : {}), ...(o.pure ? { pure: o.pure } : {}), dataModel: o.dataModel ?? o.target?.dataModel ?? "LP64", ...(o.unassumed ? { unassumed: true } : {}) };
}

/** The outcome of Engine.optimize: the rewritten text and its plan, or why nothing was done. */
export type OptimizeOutcome =
  | { readonly ok: true; readonly text: string; readonly edits: readonly TextEdit[]; readonly steps: readonly (PlanStep & { readonly nest: string })[]; readonly before: number | null; readonly after: number | null; readonly notes: readonly string[];
      /** Set when the plan runs under a run-time check that these pairs of arrays do not overlap (optimize/versioning.ts). */
      readonly versioned?: readonly (readonly [string, string])[];
      /** Run-time size conditions of the plan's steps (`m <= 1500`), checked before the rewrite:
       *  replayed, the plan's text goes under their check first, then under the overlap check. */
      readonly requires?: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly before: number | null; readonly tried: number };
export type { PlanStep, OptimizeOptions } from "./optimize/search";

/** A text edit in UTF-16 offsets plus the row/column positions tree-sitter needs. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly text: string;
}

interface FunctionResult {
  /** The function's name (read once: each read is several calls into the parse tree). */
  readonly name: string;
  readonly nests: NestReport[];
  /** Offset of the function in the current text (its cached nests are moved with it). */
  start: number;
  /** User functions it calls (anywhere in its body): their cost is part of these figures. */
  readonly callees: readonly string[];
  /** `for` loops of the function that are in no nest, with why (nothing vanishes silently). */
  readonly problems?: readonly Problem[];
  /** The edit count the figures were computed at (SourceDocument.round). */
  readonly at: number;
}

/** A function of the file: where it is (moved by edits), its cache key while its text is unchanged. */
interface FunctionSpan { start: number; end: number; row: number; column: number; key: string | null }

/** A function of the current tree: its span, and its node (found when needed). */
interface FunctionRef { readonly span: FunctionSpan; readonly node: () => TreeNode }

/** The function definition with exactly this span in the tree (its span list says it is there). */
function definitionAt(root: TreeNode, span: FunctionSpan): TreeNode {
  for (let n: TreeNode | null = root.descendantForIndex(span.start, span.end); n; n = n.parent)
    if (n.type === "function_definition" && n.startIndex === span.start && n.endIndex === span.end) return n;
  // Never expected (the list follows the tree); the tree's own list is the answer.
  const fn = functionDefinitions(root).find((f) => f.startIndex === span.start && f.endIndex === span.end);
  if (!fn) throw new Error(`internal: no function definition at offset ${span.start}`);
  return fn;
}

/** Vector lanes of a target for an element of `bytes` (4: fp32, 8: fp64): its vector peak over its scalar one. */
function lanesOf(target: Target | undefined): ((bytes: number) => number) | undefined {
  if (!target) return undefined;
  const scalar = target.peak.scalarFlopsPerCycle ?? 2;
  return (bytes) => Math.max(1, Math.floor((bytes >= 8 ? target.peak.fp64FlopsPerCycle : target.peak.fp32FlopsPerCycle) / scalar));
}

/** The cache level past which data is streamed from memory, for the search's rules: a target's
 *  second level (its only one when it has one); undefined (the search's default) without caches. */
function streamCacheOf(target: Target | undefined): { bytes: number; lineBytes: number } | undefined {
  const caches = target?.caches ?? []; // innermost first
  const c = caches[1] ?? caches[0];
  return c ? { bytes: c.sizeBytes, lineBytes: caches[0].lineBytes } : undefined;
}

/** Symbols ranked by first appearance in the source (printed expressions follow it): the file's
 *  own names (defines, globals, fields) first, then the others by first appearance in `fnText`, the
 *  function being reported (symbolic/order.ts). */
function symbolOrder(ctx: FileContext, fnText?: string): (s: string) => number {
  return functionOrder(ctx.facts.order, fnText);
}

/** Names of the functions of this file called anywhere in a body. */
function callsIn(nodes: readonly IrNode[]): string[] {
  const out = new Set<string>();
  const visit = (n: IrNode) => {
    if (n.kind === "stmt") for (const k of n.ops.userCalls.keys()) out.add(k);
    else if (n.kind === "loop") n.body.forEach(visit);
    else if (n.kind === "if") { for (const k of n.cond.ops.userCalls.keys()) out.add(k); [...n.then, ...n.else].forEach(visit); }
  };
  nodes.forEach(visit);
  return [...out];
}

/** Variables of the loops enclosing `target` inside `root`, outer first. */
function loopsAbove(root: Loop, target: Loop): string[] {
  return loopsAround(root, target).map((l) => l.var);
}

function functionName(fn: SyntaxNode): string {
  let d = fn.childForFieldName("declarator");
  while (d && d.type !== "identifier") d = d.childForFieldName("declarator") ?? d.namedChild(0);
  // Kept in the cache across edits: its own string, not a view of this version of the file.
  return unshared(d?.text ?? "");
}

/**
 * The roofline point of the code a rewrite produced (the report view's arrow head): the nests
 * of the new text that overlap the edited region, taken together (a split nest's parts as one):
 * their work (FLOPs, or integer ops) over their DRAM bytes, and over their time (10^9/s).
 */
function rewrittenPoint(nests: readonly NestReport[], edits: readonly { start: number; end: number; newText: string }[]): { intensity: number; rate: number } | null {
  if (!edits.length) return null;
  const start = Math.min(...edits.map((e) => e.start));
  const end = Math.max(...edits.map((e) => e.end)) + edits.reduce((d, e) => d + e.newText.length - (e.end - e.start), 0);
  let work = 0, bytes = 0, seconds = 0;
  for (const n of nests.filter((x) => x.start <= end && x.end >= start)) {
    const r = n.roofline;
    if (r.intensityDram === null || r.dramBytes === null || r.seconds === null) return null;
    work += r.intensityDram * r.dramBytes; bytes += r.dramBytes; seconds += r.seconds;
  }
  return work > 0 && bytes > 0 && seconds > 0 ? { intensity: work / bytes, rate: work / seconds / 1e9 } : null;
}

/**
 * Runs a spec on its nest. A tile spec with every size 0 on a target with a cache model gets
 * its sizes from the model (optimize/tileSizes.ts: candidates scored by analysing each tiled
 * text's function); otherwise tile.ts's fixed default decides.
 */
function runModelled(parser: Parser, options: AnalyzeOptions, ctx: TransformContext, spec: TransformSpec, reanalyze: (text: string) => readonly Nest[], nests: readonly Nest[], tilings = MAX_EVALUATIONS): TransformResult {
  const target = options.target;
  if (spec.kind === "tile" && target?.caches.length) {
    const near = ctx.nest.root.span.start;
    const m = tileByModel(ctx, spec.sizes, target.name, (t) => scoreOf(new Engine(parser).open(t, options).nestsOfFunctionAt(near)), tilings);
    if (m && "refused" in m) return m.refused;
    if (m) {
      const r = runTransform(ctx, { ...spec, sizes: m.sizes }, reanalyze, nests);
      return r.ok ? { ...r, notes: [...r.notes, m.note] } : r;
    }
  }
  return runTransform(ctx, spec, reanalyze, nests);
}

/** Summed predicted time of nests; null when one is unknown. */
function totalSeconds(ns: readonly NestReport[]): number | null {
  return ns.reduce<number | null>((s, n) => (s === null || n.estimate.seconds === null ? null : s + n.estimate.seconds), 0);
}

/**
 * Moves a cached nest report by `delta` UTF-16 units, in place (same lines: the edit was
 * elsewhere). In place because a large file moves thousands of nests on every keystroke: copies
 * cost more than the analysis of the edited function. The cache owns its reports; a report
 * handed out before an edit describes a text that no longer exists (every holder drops it on
 * the edit: Documents.change, SourceDocument.cached).
 */
function moveNest(n: NestReport, delta: number): void {
  if (delta === 0) return;
  // One loop per kind of object (each property access sees one shape: several times faster).
  n.start += delta; n.end += delta;
  for (const l of n.allLoops) { l.start += delta; l.end += delta; }
  for (const l of n.loops) if (!n.allLoops.includes(l)) { l.start += delta; l.end += delta; } // the nest's path is a subset of allLoops
  for (const a of n.accesses) { a.start += delta; a.end += delta; }
  for (const a of n.strideAdvice) { a.start += delta; a.end += delta; }
  for (const x of n.statements) {
    x.start += delta; x.end += delta;
    if (x.exprStart !== null) x.exprStart += delta;
    if (x.exprEnd !== null) x.exprEnd += delta;
  }
}

export class Engine {
  /** Use Engine.create(); the constructor is for an already initialised parser. */
  constructor(private readonly parser: Parser) {}

  static async create(): Promise<Engine> {
    return new Engine(await initParser());
  }

  /** Analyses a whole file; never throws on bad C. */
  analyze(text: string, options: AnalyzeOptions = {}): FileReport {
    return this.open(text, options).report();
  }

  open(text: string, options: AnalyzeOptions = {}): SourceDocument {
    return new SourceDocument(this.parser, text, options);
  }

  /** The function definition holding `offset` in `text`, as a copy of its syntax tree. */
  functionAt(text: string, offset: number): SyntaxNode | null {
    const tree = parse(this.parser, text);
    try {
      const fn = functionHolding(tree.rootNode, offset);
      return fn ? mirror(fn, text) : null;
    } finally { tree.delete(); }
  }

  /** The loop-nest IR of every nest (fresh, uncached), with the bound symbol values. */
  lowerAll(text: string, options: AnalyzeOptions = {}, near?: number): { nests: Nest[]; bindings: Bindings; assumed: ReadonlySet<string>; problems: string[] } {
    const tree = parse(this.parser, text);
    const ctx = collectFacts(tree, this.parser, definesOf(options), factsOptions(options));
    // `near`: only the function holding that offset (a rewrite re-reads its own function, not the file).
    const fns = functionDefinitions(tree.rootNode).filter((fn) => near === undefined || (fn.startIndex <= near && near <= fn.endIndex));
    const nests = fns.flatMap((fn) => new FunctionLowering(ctx).lower(mirror(fn, text))?.nests ?? []);
    tree.delete();
    return { nests, bindings: ctx.facts.values, assumed: ctx.facts.assumed, problems: ctx.problems.map((u) => (u.line ? `line ${u.line}: ${u.reason}` : u.reason)) };
  }

  /**
   * Applies a transformation (a spec, as from the CLI or a code action) to `text`: the edits
   * and the new text, or a refusal with the reason and the blocking dependences.
   */
  transform(text: string, spec: TransformSpec, options: AnalyzeOptions = {}): TransformResult {
    const { nests, bindings: values, assumed: given, problems } = this.lowerAll(text, options);
    const warn = (r: TransformResult): TransformResult => (problems.length ? { ...r, warnings: problems } : r);
    if (spec.kind === "relayout") {
      const r = this.relayout(text, spec.array, spec.layout, nests, values);
      return warn(r.ok && spec.reorder ? this.reorderUsers(text, r, spec.array, options) : r);
    }
    const nest = nests.find((n) => n.id === spec.nest);
    if (!nest) return warn({ ok: false, reason: `no nest ${spec.nest} in this file (nests: ${nests.map((n) => n.id).join(", ") || "none"})`, blockers: [] });
    let deps: Dependence[] | undefined;
    const bindings = withLocals(values, nest.locals), assumed = assumedWithLocals(given, nest.locals);
    const hints = options.hints ? withLocals(new Map([...definesOf({ defines: options.hints }), ...values]), nest.locals) : undefined;
    const ctx: TransformContext = {
      text, nest, bindings, assumed, deps: () => (deps ??= dependences(nest, bindings)), functionAt: (o) => this.functionAt(text, o), ...(hints ? { hints } : {}),
      lowerUnassumed: (t) => this.lowerAll(t, { ...options, defines: {}, unassumed: true }, nest.root.span.start).nests,
    };
    const run = () => runModelled(this.parser, options, ctx, spec, (t) => this.lowerAll(t, options, nest.root.span.start).nests, nests);
    // The search and a plan's replay (deferGuards) may also rely on each row of a linearised
    // subscript fitting its stride (c->v[i*c->cols + j], j < b->cols): a condition to check too.
    const order = (s: string) => text.indexOf(s);
    const r = ((): TransformResult => {
      // (Not with assumed sizes, -D or assumption comments: a condition folded with them would
      // check the assumed value, not the one the program runs with.)
      if (!options.deferGuards || assumed.size) return run();
      const { value, conditions } = rowsFitting(run);
      if (!value.ok || !conditions.length) return value;
      const rows = conditions.map((c) => c.signParts()).map(({ pos, neg }) => {
        const l = pos.toC(order), r = neg.toC(order);
        return l === null || r === null ? null : `${l} >= ${r}`;
      });
      if (rows.some((c) => c === null)) return { ok: false, reason: "a row condition the rewrite relies on has no exact integer form in C", blockers: [] };
      const notes = [`relies on each row fitting its stride (${rows.join(" and ")}): the rewrite runs under that check, the code as written otherwise`];
      return { ...value, notes: [...value.notes, ...notes], requires: [...(value.requires ?? []), ...(rows as string[])] };
    })();
    // A rewrite correct only under run-time conditions (an array made for at most so many
    // iterations, rows that fit) runs under their check, the code as written otherwise; the
    // search and a plan's replay defer that to the end of the plan (deferGuards).
    if (!r.ok || !r.requires?.length || options.deferGuards) return warn(r);
    const v = this.versionRewrite(text, r.text, [nest], r.requires, false);
    if ("reason" in v) return warn({ ok: false, reason: `the run-time check of ${r.requires.join(" and ")} cannot be placed: ${v.reason}`, blockers: [] });
    return warn({ ...r, text: v.text, edits: [diffEdit(text, v.text)], requires: undefined });
  }

  /**
   * `transform --optimize`: the plan of checked rewrites predicted fastest on the options'
   * target (optimize/search.ts), for one nest (`nest`: an id) or every nest of a function
   * (`fn`: a name; its last nest first, so the ids of the earlier ones stay).
   */
  optimize(text: string, what: { nest: string } | { fn: string } | "file", options: AnalyzeOptions = {}, search: OptimizeOptions = {}): OptimizeOutcome {
    const { nests: all, bindings } = this.lowerAll(text, options);
    if (what === "file") {
      // Every function's nests but main's (a driver), the last function first.
      const fns = [...new Set(all.map((n) => n.function))].filter((f) => f !== "main").reverse();
      if (!fns.length) return { ok: false, reason: "no loop nest outside main in this file", before: null, tried: 0 };
      let current = text;
      const steps: (PlanStep & { nest: string })[] = [], notes: string[] = [], reasons: string[] = [];
      const versioned: (readonly [string, string])[] = [];
      const requires: string[] = [];
      let before = 0, after = 0, tried = 0, known = true;
      for (const f of fns) {
        const r = this.optimize(current, { fn: f }, options, search);
        if (r.before === null) known = false; else before += r.before;
        if (!r.ok) { tried += r.tried; reasons.push(`${f}: ${r.reason}`); if (r.before !== null) after += r.before; continue; }
        if (r.after === null) known = false; else after += r.after;
        current = r.text;
        steps.unshift(...r.steps);
        versioned.push(...(r.versioned ?? []));
        for (const x of r.requires ?? []) if (!requires.includes(x)) requires.push(x);
        for (const x of r.notes) if (!notes.includes(x)) notes.push(x);
      }
      if (!steps.length) return { ok: false, reason: reasons.join("; "), before: known ? before : null, tried };
      return { ok: true, text: current, edits: [diffEdit(text, current)], steps, before: known ? before : null, after: known ? after : null, notes, ...(versioned.length ? { versioned } : {}), ...(requires.length ? { requires } : {}) };
    }
    const chosen = all.filter((n) => ("nest" in what ? n.id === what.nest : n.function === what.fn));
    const plain = this.sized(text, chosen, this.optimizeNests(text, what, chosen, all, bindings, options, search));
    return options.assumeNoAlias ? plain : this.versioned(text, what, chosen, plain, options, search);
  }

  /** A plan whose steps hold only under run-time size conditions, with its text under their check. */
  private sized(text: string, chosen: readonly Nest[], r: OptimizeOutcome): OptimizeOutcome {
    const requires = r.ok ? [...new Set(r.steps.flatMap((s) => s.requires ?? []))] : [];
    if (!r.ok || !requires.length) return r;
    const v = this.versionRewrite(text, r.text, chosen, requires, false);
    if ("reason" in v) return { ok: false, reason: `the run-time check of ${requires.join(" and ")} cannot be placed: ${v.reason}`, before: r.before, tried: r.steps.length };
    return { ...r, text: v.text, edits: [diffEdit(text, v.text)], requires };
  }

  /**
   * Where pointer parameters that may overlap block the plan: the plan made as if they did not,
   * run under a run-time check that they do not (optimize/versioning.ts), when it is predicted
   * faster or does more than `plain` (the plan that respects them). Else `plain`, with why not.
   */
  private versioned(text: string, what: { nest: string } | { fn: string }, chosen: readonly Nest[], plain: OptimizeOutcome, options: AnalyzeOptions, search: OptimizeOptions): OptimizeOutcome {
    if (!chosen.length || !aliasPairs(chosen).pairs.length) return plain;
    const free = this.optimize(text, what, { ...options, assumeNoAlias: true }, search);
    if (!free.ok || (plain.ok && free.text === plain.text)) return plain;
    if (plain.ok && !(free.steps.length > plain.steps.length || (free.after !== null && plain.after !== null && free.after < plain.after * FIX_MARGIN))) return plain;
    const why = (reason: string): OptimizeOutcome => {
      const note = `not versioned for aliasing: ${reason}; declare the pointer parameters restrict (or --assume-noalias) for the plan that needs them apart`;
      return plain.ok ? { ...plain, notes: [...plain.notes, note] } : { ...plain, reason: `${plain.reason} (${note})` };
    };
    const v = this.versionRewrite(text, free.text, chosen);
    if ("reason" in v) return why(v.reason);
    const { text: out, pairs: apart } = v;
    const pairs = apart.map(([a, b]) => `${a} and ${b}`).join(", ");
    const notes = [`versioned: the rewrite runs when ${pairs} do not overlap (a check of their address ranges before the nest), the code as written otherwise`, ...free.notes.filter((n) => !NO_ALIAS_NOTE.test(n))];
    const steps = free.steps.map((x) => ({ ...x, title: x.title.replace(/ \(assuming .* do not overlap\)$/, " (under the run-time overlap check)") }));
    return { ok: true, text: out, edits: [diffEdit(text, out)], steps, before: free.before, after: free.after, notes, versioned: apart, ...(free.requires ? { requires: free.requires } : {}) };
  }

  /** `text` with the statements `free` (its rewrite under the no-alias assumption) changed in
   *  `chosen`'s nests run under a run-time overlap check (optimize/versioning.ts). */
  versionRewrite(text: string, free: string, chosen: readonly Nest[], requires: readonly string[] = [], aliases = true): { text: string; pairs: readonly (readonly [string, string])[] } | { reason: string } {
    const guard = aliases ? aliasGuard(chosen, (s) => text.indexOf(s)) : sizeGuard(requires);
    if (typeof guard === "string") return { reason: guard };
    const tree = parse(this.parser, text);
    try {
      const out = versionText(text, free, chosen, guard, tree.rootNode);
      return typeof out === "string" ? { text: out, pairs: guard.pairs } : out;
    } finally { tree.delete(); }
  }

  private optimizeNests(text: string, what: { nest: string } | { fn: string }, chosen: readonly Nest[], all: readonly Nest[], given: Bindings, options: AnalyzeOptions, search: OptimizeOptions): OptimizeOutcome {
    if (!chosen.length) {
      const known = "nest" in what ? `nests: ${all.map((n) => n.id).join(", ") || "none"}` : `functions with nests: ${[...new Set(all.map((n) => n.function))].join(", ") || "none"}`;
      return { ok: false, reason: `no ${"nest" in what ? `nest ${what.nest}` : `nest in function ${what.fn}`} in this file (${known})`, before: null, tried: 0 };
    }
    // Sizes the code leaves unbound, priced at the most the arrays' extents allow (the rewrites
    // themselves are made without them: optimize/plannedSizes.ts).
    const planned = new Map([...plannedSizes(chosen, (n) => withLocals(given, n.locals)), ...this.callSizesOf(text, chosen.map((n) => n.function), given, options)]);
    const priced: AnalyzeOptions = { ...options, pricing: true, ...(planned.size ? { defines: { ...Object.fromEntries([...planned].map(([k, v]) => [k, v.value])), ...options.defines } } : {}) };
    // The rewrites are made without the priced sizes; --layout may use them to choose its order.
    const hinted: AnalyzeOptions = planned.size ? { ...options, hints: Object.fromEntries([...planned].map(([k, v]) => [k, v.value])) } : options;
    const hooks = {
      apply: (t: string, spec: TransformSpec) => {
        // Tile sizes chosen by the model with the priced sizes, then the tiling made without them.
        if (spec.kind !== "tile" || !planned.size || Object.values(spec.sizes).some((v) => v !== 0)) return this.transform(t, spec, { ...hinted, deferGuards: true });
        const chosen = this.transform(t, spec, priced);
        if (!chosen.ok || !chosen.tileSizes) return chosen;
        const r = this.transform(t, { ...spec, sizes: chosen.tileSizes }, options);
        return r.ok ? { ...r, tileSizes: chosen.tileSizes, notes: [...r.notes, ...chosen.notes.filter((x) => !r.notes.includes(x))] } : r;
      },
      predict: (t: string, r: Region) => totalSeconds(this.open(t, priced).nestsOfFunctionAt(r.start + 1).filter((n) => n.start >= r.start && n.end <= r.end)),
      nests: (t: string, at: number) => {
        const r = this.lowerAll(t, priced, at);
        return { nests: r.nests, bindings: (n: Nest) => withLocals(r.bindings, n.locals) };
      },
    };
    const lineStart = (t: string, o: number) => t.lastIndexOf("\n", o - 1) + 1;
    const lineEnd = (t: string, o: number) => { const nl = t.indexOf("\n", o); return nl < 0 ? t.length : nl; };
    let current = text;
    const steps: (PlanStep & { nest: string })[] = [];
    const notes: string[] = [];
    let tried = 0;
    const firstAt = chosen[0].root.span.start;
    for (const n of [...chosen].sort((a, b) => b.root.span.start - a.root.span.start)) {
      const region = { start: lineStart(current, n.root.span.start), end: lineEnd(current, n.root.span.end) };
      const r = optimize(current, region, hooks, { lanes: lanesOf(options.target), cache: streamCacheOf(options.target), planned: new Set(planned.keys()), ...search });
      tried += r.ok ? r.steps.length : r.tried;
      if (!r.ok) continue;
      current = r.text;
      steps.unshift(...r.steps.map((s) => ({ ...s, nest: n.id })));
      for (const x of r.notes) if (!notes.includes(x)) notes.push(x);
    }
    if (steps.length && planned.size) notes.push(plannedSizesNote(planned));
    const start = totalSeconds(this.open(text, priced).nestsOfFunctionAt(firstAt));
    if (!steps.length) return { ok: false, reason: start === null ? "no rewrite was accepted, and the time of the code as written is unknown" : "no legal rewrite is predicted faster than the code as written", before: start, tried };
    const after = totalSeconds(this.open(current, priced).nestsOfFunctionAt(lineStart(current, firstAt)));
    return { ok: true, text: current, edits: [diffEdit(text, current)], steps, before: start, after, notes };
  }

  /** Sizes the file's calls pass to the functions (optimize/callSizes.ts), those not bound already. */
  callSizesOf(text: string, functions: readonly string[], given: Bindings = new Map(), options: AnalyzeOptions = {}): Map<string, PlannedSize> {
    const tree = parse(this.parser, text);
    try {
      const ctx = collectFacts(tree, this.parser, definesOf(options), factsOptions(options));
      const out = new Map<string, PlannedSize>();
      for (const f of new Set(functions))
        for (const [k, v] of callSizes(tree.rootNode, text, f, ctx.facts)) if (!given.has(k)) out.set(k, v);
      return out;
    } finally { tree.delete(); }
  }

  /** After a relayout, each nest using the array in the order that walks memory contiguously
   *  (--layout), last nest first so the ids of the others stay; a refused one keeps its order. */
  private reorderUsers(original: string, r: Extract<TransformResult, { ok: true }>, array: string, options: AnalyzeOptions): TransformResult {
    let text = r.text;
    const notes = [...r.notes], done: string[] = [];
    const users = this.lowerAll(text, options).nests.filter((n) => accessesIn(n.root).some((a) => a.array === array)).sort((a, b) => b.root.span.start - a.root.span.start);
    for (const n of users) {
      const t = this.transform(text, { kind: "layout", nest: n.id }, options);
      if (t.ok) { text = t.text; done.unshift(`${n.id}: ${t.title}`); notes.push(...t.notes.filter((x) => !notes.includes(x))); }
      else notes.push(`nest ${n.id} keeps its loop order: ${t.reason}`);
    }
    if (!done.length) return { ...r, notes };
    return { ok: true, title: `${r.title}; then ${done.join("; ")}`, edits: [diffEdit(original, text)], text, notes };
  }

  /** `--relayout`: the array's layout as the file's nests read it, its uses in the syntax tree, then relayout.ts. */
  private relayout(text: string, array: string, to: string, nests: readonly Nest[], values: Bindings): TransformResult {
    const seen = nests.flatMap((n) => nestRoles(n, withLocals(values, n.locals))?.layouts.get(array) ?? []);
    const tree = parse(this.parser, text);
    try {
      if (tree.rootNode.hasError) return { ok: false, reason: "the file has syntax errors: a whole-file rewrite is not made", blockers: [] };
      return relayout(text, arrayUses(tree.rootNode, array), array, seen, to);
    } finally { tree.delete(); }
  }
}

/** A document kept parsed between edits; re-analyses only the functions whose text changed. */
export class SourceDocument {
  private tree: Tree;
  private cache = new Map<string, FunctionResult>();
  /** Edits so far: a function's figures are as of the edit count they were computed at (FunctionResult.at). */
  private round = 0;
  /** Per function name, the edit count at which its figures last changed (its text, or a callee's). */
  private changedAt = new Map<string, number>();
  private cached: FileReport | null = null;
  /** A function whose nests a deadline interrupted: the next report goes on from there (same text, same facts). */
  private inProgress: { key: string; ctx: FileContext; fn: SyntaxNode; ir: FunctionIR | null; nests: NestReport[] } | null = null;
  /** The function the report lowered last (its tree, facts and start), for the requests at the
   *  cursor that lower it again (code actions, a loop's figures): one function, not kept across edits. */
  private lastLowered: { tree: Tree; ctx: FileContext; start: number; ir: FunctionIR | null } | null = null;
  private ctx: FileContext | null = null;
  /** Quick-fix decisions at the edit count `fixesAt` (by the advice's own spec). */
  private fixes = new Map<string, QuickFix>();
  private fixesAt = -1;
  private factsPrint = "";
  /**
   * The functions of the last report, with their spans and positions moved by the edits since,
   * each with its cache key while its text is unchanged (null once an edit touched it).
   * - A function whose span and position are unchanged reuses its key string: V8 keeps a
   *   string's hash, so the lookup costs nothing instead of hashing the function's whole text
   *   (on a 100,000-line file: the whole file, on every keystroke). Kept across edits, a key is
   *   a copy (syntax/mirror.ts `unshared`), not a view of the text.
   * - While every edit since stayed inside one body (`spansComplete`), the list is the file's
   *   function list: the next report reads it instead of every top-level item of the new tree,
   *   and finds a node in the tree only for a function it analyses.
   */
  private spans: FunctionSpan[] = [];
  private spansComplete = false;
  /** False while every edit since the last report stayed inside one function body. */
  private factsDirty = true;

  constructor(private readonly parser: Parser, private textValue: string, private readonly options: AnalyzeOptions) {
    this.tree = parse(parser, textValue);
  }

  get text(): string { return this.textValue; }

  /** Applies one change (UTF-16 offsets into the current text) and reparses incrementally. */
  edit(change: TextChange): void {
    const old = this.textValue;
    const next = old.slice(0, change.start) + change.text + old.slice(change.oldEnd);
    // Rows and columns of the three points: the text before the edit is scanned once.
    const from = (s: string, at: { row: number; last: number; index: number }, index: number) => {
      let { row, last } = at;
      for (let i = s.indexOf("\n", at.index); i !== -1 && i < index; i = s.indexOf("\n", i + 1)) { row++; last = i; }
      return { row, last, index };
    };
    const startAt = from(old, this.rowStart(change.start), change.start);
    const column = (p: { row: number; last: number; index: number }) => ({ row: p.row, column: p.index - p.last - 1 });
    const point = (s: string, index: number) => column(from(s, startAt, index));
    const body = this.editInsideBody(change);
    // Assumptions are checked against the file's names: an edit in a body may change them.
    if (!body || this.ctx?.namesChecked) this.factsDirty = true;
    this.tree.edit({
      startIndex: change.start, oldEndIndex: change.oldEnd, newEndIndex: change.start + change.text.length,
      startPosition: column(startAt), oldEndPosition: point(old, change.oldEnd),
      newEndPosition: point(next, change.start + change.text.length),
    } as never);
    this.textValue = next;
    const previous = this.tree;
    // Error recovery may differ between an incremental and a fresh parse of the same text (a
    // different syntax problem, a region skipped differently): a tree with errors is parsed
    // afresh, so the document reads exactly as if just opened. While the file has errors, the
    // next edit most likely leaves some: it is parsed afresh at once (error recovery can take a
    // second on a large broken file; parsing it twice per keystroke took two).
    let fresh = previous.rootNode.hasError;
    if (!fresh) {
      this.tree = parse(this.parser, next, previous);
      if (this.tree.rootNode.hasError) { this.tree.delete(); fresh = true; }
    }
    if (fresh) { this.tree = parse(this.parser, next); this.factsDirty = true; }
    // An edit that looked local may still change the file's structure (an unbalanced `(`
    // folds the following functions into this one): then the facts must be read again.
    const delta = change.text.length - (change.oldEnd - change.start);
    // (A fresh tree shares nothing with the previous one: its facts are read again anyway.)
    if (body && !fresh) {
      const end = body.end + delta;
      if (previous.getChangedRanges(this.tree).some((r) => r.startIndex < body.start || r.endIndex > end)) this.factsDirty = true;
      // The same functions with the same names: the new tree takes the definition index.
      else carryDefinitions(previous, this.tree, { start: change.start, oldEnd: change.oldEnd, delta });
    }
    previous.delete(); // trees live in wasm memory
    this.moveSpans(change, body !== null && !this.factsDirty, startAt.row);
    this.cached = null;
    this.inProgress = null; // its callees' costs may have changed
    this.round++;
  }

  /**
   * A known row start at or before `offset`, to count rows from: the start of the function
   * holding or preceding it while the span list is the file's (rows unchanged since it was read),
   * else the file's start. (Counting from the file's start was ~2 ms per keystroke at 100,000 lines.)
   */
  private rowStart(offset: number): { row: number; last: number; index: number } {
    if (!this.spansComplete) return { row: 0, last: -1, index: 0 };
    let lo = 0, hi = this.spans.length - 1, at = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (this.spans[mid].start <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1; }
    if (at < 0) return { row: 0, last: -1, index: 0 };
    const { start, row } = this.spans[at];
    return { row, last: this.textValue.lastIndexOf("\n", start - 1), index: start };
  }

  /**
   * Moves the function spans past an edit. `inBody`: the edit stayed inside one body, on one
   * line (editInsideBody, and the new tree agrees), so the list stays the file's function list:
   * that body grows by the edit, a later function on the edit's line moves its column.
   */
  private moveSpans(change: TextChange, inBody: boolean, row: number): void {
    const delta = change.text.length - (change.oldEnd - change.start);
    const kept: FunctionSpan[] = [];
    for (const k of this.spans) {
      if (k.end <= change.start) kept.push(k);
      else if (k.start >= change.oldEnd) {
        k.start += delta; k.end += delta;
        if (inBody && k.row === row) { k.column += delta; k.key = null; } // columns are in the figures: analysed again
        kept.push(k);
      } else if (inBody && k.start < change.start && change.oldEnd < k.end) {
        k.end += delta; k.key = null;
        kept.push(k);
      } else this.spansComplete = false;
    }
    this.spans = kept;
    if (!inBody) this.spansComplete = false;
  }

  /**
   * File-level facts (defines, types, globals, problems with their lines) cannot change when an
   * edit stays strictly inside a function body, outside comments, on one line, and adds or
   * removes no brace, quote, comment, `#` or assumption. Returns that body's span, else null.
   */
  private editInsideBody(change: TextChange): { start: number; end: number } | null {
    const removed = this.textValue.slice(change.start, change.oldEnd);
    if (/[{}"'#/*\\\n]|loopsmith/.test(removed + change.text)) return null;
    let n: SyntaxNode | null = this.tree.rootNode.descendantForIndex(change.start, change.oldEnd);
    // Typing at the end of a comment extends it: look at the character before the edit too.
    const before = change.start > 0 ? this.tree.rootNode.descendantForIndex(change.start - 1, change.start) : null;
    for (const start of [n, before]) for (let c: SyntaxNode | null = start; c; c = c.parent) if (c.type === "comment" || c.type.startsWith("preproc")) return null;
    while (n && !(n.type === "compound_statement" && n.parent?.type === "function_definition")) n = n.parent;
    // A body holding a syntax error may have swallowed what follows it (error recovery): its
    // edits can move function boundaries, so they refresh the facts.
    if (!n || n.hasError) return null;
    return change.start > n.startIndex && change.oldEnd < n.endIndex ? { start: n.startIndex, end: n.endIndex } : null;
  }


  /** What analyzeNest needs for a nest of this document: bound values (with the nest's locals),
   *  the symbol order, the callees' costs, the target. */
  private nestContext(ctx: FileContext, locals: Nest["locals"], callee: (name: string) => CalleeCost, fnText: string, outerLoops?: readonly string[]): NestContext {
    return { bindings: withLocals(ctx.facts.values, locals), order: symbolOrder(ctx, fnText), callee, ...(outerLoops ? { outerLoops } : {}), ...(this.options.target ? { target: this.options.target } : {}), ...(this.options.pricing ? { pricing: true } : {}) };
  }

  /** The text of the function definition holding `offset` (empty outside any). */
  private functionTextAt(offset: number): string {
    const fn = functionHolding(this.tree.rootNode, offset);
    return fn ? this.textValue.slice(fn.startIndex, fn.endIndex) : "";
  }

  /** Per-call cost of the functions of this file (memoised per report; recursion refused). */
  private calleeCosts(ctx: FileContext, nodes: ReadonlyMap<string, () => TreeNode>): (name: string) => CalleeCost {
    const bindings = ctx.facts.values;
    const order = symbolOrder(ctx);
    const calleeCache = new Map<string, CalleeCost>();
    // A callee lowered here is kept for this report (a recursive call asks for it again).
    const irs = new Map<string, FunctionIR>();
    const callee = (name: string, stack: string[] = []): CalleeCost => {
      const hit = calleeCache.get(name);
      if (hit) return hit;
      let ir = irs.get(name);
      const node = nodes.get(name)?.();
      if (!ir && node) { ir = new FunctionLowering(ctx).lower(mirror(node, this.textValue)) ?? undefined; if (ir) irs.set(name, ir); }
      let cost: CalleeCost;
      const deep = node ? callChainTooDeep(node.tree, name) : null;
      if (!ir) cost = { reason: `${name} is not defined in this file` };
      else if (stack.includes(name)) cost = { reason: `${name} is recursive` };
      else if (deep) cost = { reason: deep };
      else {
        // The parameters stay symbols (a call substitutes its arguments): a -D value of the same
        // name belongs to the caller, never to the callee's parameter.
        const params = ir.params;
        const local = withLocals(new Map([...bindings].filter(([k]) => !params.includes(k))), ir.locals);
        const { totals } = countNodes(ir.body, new Domain(local, order), (n) => callee(n, [...stack, name]));
        const ops = {} as Record<CountKind, Poly>;
        cost = { ops, params };
        for (const [k, t] of Object.entries(totals) as [CountKind, { poly: Poly | null; reason?: string }][]) {
          if (!t.poly) { cost = { reason: t.reason ?? "unknown" }; break; }
          ops[k] = t.poly.bind(local);
        }
      }
      calleeCache.set(name, cost);
      return cost;
    };
    return (name: string) => callee(name);
  }

  /** The lowered nests of the function containing `offset` (fresh, with current offsets). */
  private nestsAround(offset: number): { nests: Nest[]; bindings: Bindings } {
    const ctx = this.facts();
    const fn = functionHolding(this.tree.rootNode, offset);
    const last = this.lastLowered;
    const ir = !fn ? null : last && last.tree === this.tree && last.ctx === ctx && last.start === fn.startIndex ? last.ir : new FunctionLowering(ctx).lower(mirror(fn, this.textValue));
    if (fn) this.lastLowered = { tree: this.tree, ctx, start: fn.startIndex, ir };
    return { nests: [...(ir?.nests ?? [])], bindings: ctx.facts.values };
  }

  private runSpec(nests: readonly Nest[], values: Bindings, spec: TransformSpec, tilings = MAX_EVALUATIONS): TransformResult {
    if (spec.kind === "relayout") return new Engine(this.parser).transform(this.textValue, spec, this.options);
    const nest = nests.find((n) => n.id === spec.nest);
    if (!nest) return { ok: false, reason: `nest ${spec.nest} is no longer in the file`, blockers: [] };
    let deps: Dependence[] | undefined;
    const bindings = withLocals(values, nest.locals);
    const ctx: TransformContext = {
      text: this.textValue, nest, bindings, assumed: assumedWithLocals(this.ctx!.facts.assumed, nest.locals), deps: () => (deps ??= dependences(nest, bindings)),
      functionAt: (o) => { const fn = functionHolding(this.tree.rootNode, o); return fn ? mirror(fn, this.textValue) : null; },
      lowerUnassumed: (t) => new Engine(this.parser).lowerAll(t, { ...this.options, defines: {}, unassumed: true }, nest.root.span.start).nests,
    };
    return runModelled(this.parser, this.options, ctx, spec, (t) => new Engine(this.parser).lowerAll(t, this.options, nest.root.span.start).nests, nests, tilings);
  }

  /**
   * The figures of the loop whose header holds `offset` and its subtree, per entry of that loop
   * (enclosing loop variables stay symbolic): the nest's report for an outermost loop.
   */
  loopAt(offset: number, budget?: Budget): NestReport | null {
    try { return withBudget(budget, () => this.loopFigures(offset)); } catch (e) {
      if (e instanceof OutOfBudget) return null;
      throw e;
    }
  }

  private loopFigures(offset: number): NestReport | null {
    const report = this.report();
    const nestReport = report.nests.find((n) => offset >= n.start && offset <= n.end);
    if (!nestReport) return null;
    if (offset <= nestReport.loops[0]?.start + nestReport.loops[0]?.header.length) return nestReport;
    const { nests } = this.nestsAround(offset);
    const at = loopAt(nests, offset);
    if (!at) return null;
    if (at.loop === at.nest.root) return nestReport;
    const ctx = this.ctx!;
    const nodes = new Map(functionDefinitions(this.tree.rootNode).map((f) => [functionName(f), () => f]));
    return analyzeNest({ ...at.nest, id: `${at.nest.id}/${at.loop.var}`, root: at.loop },
      this.nestContext(ctx, at.nest.locals, this.calleeCosts(ctx, nodes), this.functionTextAt(at.nest.root.span.start), loopsAbove(at.nest.root, at.loop)));
  }

  /** Whether `offset` may be on a loop's header (from its keyword to the `)` before its body),
   *  read from the syntax tree: elsewhere no action is offered, and the function (which may be
   *  most of a broken file) is not lowered for each cursor move. */
  private onLoopHeader(offset: number): boolean {
    for (let n: SyntaxNode | null = this.tree.rootNode.descendantForIndex(offset, offset); n; n = n.parent) {
      if (n.type === "do_statement") return true;
      if (n.type === "for_statement" || n.type === "while_statement") {
        const body = n.childForFieldName("body");
        if (!body || offset <= body.startIndex) return true;
      }
    }
    return false;
  }

  /** Transformations offered on the loop header at `offset` (each checked), or none elsewhere. */
  actionsAt(offset: number, budget?: Budget): ActionOffer[] {
    // Off a loop header, or no time left (not even to read the function): nothing offered.
    if (!this.onLoopHeader(offset) || budget?.isCancelled()) return [];
    try {
      return withBudget(budget, () => {
        const { nests, bindings } = this.nestsAround(offset);
        const at = loopAt(nests, offset, true);
        if (!at) return [];
        // Keyed by the spec as offered: a tile offer carries the sizes it resolved (actions.ts).
        const results = new Map<string, TransformResult>();
        const offers = offersFor(at.nest, at.loop, (spec) => {
          const r = this.runSpec(nests, bindings, spec, OFFER_TILINGS);
          results.set(JSON.stringify(r.ok && spec.kind === "tile" && r.tileSizes ? { ...spec, sizes: r.tileSizes } : spec), r);
          return r;
        }, withLocals(bindings, at.nest.locals));
        return this.ranked(offers, results, at.nest.root.span.start);
      });
    } catch (e) {
      if (e instanceof OutOfBudget) return []; // the function could not even be read within the budget
      throw e;
    }
  }

  /**
   * Offers with the cost model's prediction, best first, on a target whose estimate depends on
   * loop order (one with a memory model): the time of the function's nests before and after each
   * rewrite. Without such a target (or when a time is unknown) the offers stay as they are.
   */
  private ranked(offers: ActionOffer[], results: ReadonlyMap<string, TransformResult>, near: number): ActionOffer[] {
    const target = this.options.target;
    if (!target?.dram) return offers;
    let out: ActionOffer[];
    try {
      const before = totalSeconds(this.nestsOfFunctionAt(near));
      if (before === null || before === 0) return offers;
      out = offers.map((o): ActionOffer => {
        const r = results.get(JSON.stringify(o.spec));
        if (!o.ok || !r?.ok) return o;
        check();
        const afterNests = new Engine(this.parser).open(r.text, this.options).nestsOfFunctionAt(near);
        const after = totalSeconds(afterNests);
        if (after === null) return o;
        const point = rewrittenPoint(afterNests, r.edits);
        return { ...o, predicted: { before, after, target: target.name, ...(point ? { point } : {}) } };
      });
    } catch (e) {
      if (e instanceof OutOfBudget) return offers; // no time left to predict: the offers as they are
      throw e;
    }
    // Best predicted gain first; without a prediction, after those predicted faster.
    const gain = (o: ActionOffer) => (o.predicted ? speedup(o.predicted) : o.ok ? 1 : 0);
    return out.map((o, i) => [o, i] as const).sort((a, b) => gain(b[0]) - gain(a[0]) || a[1] - b[1]).map(([o]) => o);
  }

  /**
   * The LS001 quick fix of a stride advice of this document's report: the advice's own fix,
   * or on a target with a memory model the reorder of the nest predicted fastest when it beats
   * that by more than 2% (optimize/quickFix.ts). Bounded: past `budget` (the editor gives it a
   * slice of the code actions' budget) the advice's own fix, unscored. Decisions are kept until the next edit.
   */
  quickFix(advice: StrideAdvice, budget?: Budget): QuickFix {
    const own = adviceSpec(advice);
    const target = this.options.target;
    if (!target?.dram) return { spec: own, own: true };
    if (this.fixesAt !== this.round) { this.fixes.clear(); this.fixesAt = this.round; }
    const key = JSON.stringify(own);
    const hit = this.fixes.get(key);
    if (hit) return hit;
    try {
      const fix = withBudget(budget, () => this.decideFix(advice, own, target.name));
      this.fixes.set(key, fix);
      return fix;
    } catch (e) {
      if (e instanceof OutOfBudget) return { spec: own, own: true };
      throw e;
    }
  }

  private decideFix(advice: StrideAdvice, own: TransformSpec, target: string): QuickFix {
    const nest = this.report().nests.find((n) => n.id === advice.fix.nest && advice.start >= n.start && advice.end <= n.end);
    if (!nest) return { spec: own, own: true };
    const near = nest.start;
    const before = totalSeconds(this.nestsOfFunctionAt(near));
    if (before === null) return { spec: own, own: true };
    const score = (spec: TransformSpec): FixCandidate => {
      check();
      const result = this.apply(spec);
      check(); // apply() answers a spent budget with a refusal: it is not one
      if (!result.ok) return { spec, result, after: null };
      return { spec, result, after: totalSeconds(new Engine(this.parser).open(result.text, this.options).nestsOfFunctionAt(near)) };
    };
    const mine = score(own);
    const tensor = Object.values(nest.roles).some((r) => r.role);
    const others = otherFixSpecs(advice.fix.nest, tensor).filter((x) => JSON.stringify(x) !== JSON.stringify(own)).map(score);
    const c = chooseFix(mine, others);
    return { spec: c.spec, own: c === mine, result: c.result, ...(c.after !== null ? { predicted: { before, after: c.after, target } } : {}) };
  }

  /** The nests of the function holding `offset`, analysed now (not cached). */
  nestsOfFunctionAt(offset: number): NestReport[] {
    const ctx = this.facts();
    const fns = functionDefinitions(this.tree.rootNode);
    const fn = functionHolding(this.tree.rootNode, offset);
    if (!fn) return [];
    const callee = this.calleeCosts(ctx, new Map(fns.map((f) => [functionName(f), () => f])));
    const ir = new FunctionLowering(ctx).lower(mirror(fn, this.textValue));
    return (ir?.nests ?? []).map((n) => analyzeNest(n, this.nestContext(ctx, n.locals, callee, this.textValue.slice(fn.startIndex, fn.endIndex))));
  }

  /** Applies a spec (from an offer or a diagnostic's fix) to the current text. */
  apply(spec: TransformSpec, budget?: Budget): TransformResult {
    const id = /:(\d+)$/.exec(spec.nest);
    const line = id ? Number(id[1]) : 0;
    let offset = 0;
    for (let i = 1; i < line; i++) {
      const nl = this.textValue.indexOf("\n", offset);
      if (nl < 0) return { ok: false, reason: `nest ${spec.nest} is no longer in the file (it has ${i} lines)`, blockers: [] };
      offset = nl + 1;
    }
    try {
      return withBudget(budget, () => { const { nests, bindings } = this.nestsAround(offset); return this.runSpec(nests, bindings, spec); });
    } catch (e) {
      if (e instanceof OutOfBudget) return { ok: false, reason: e.message, blockers: [] };
      throw e;
    }
  }

  /**
   * The "Optimise for <target>" plan of the nest whose outermost loop header holds `offset`
   * (optimize/search.ts), on a target with a memory model; null elsewhere. Bounded by `budget`:
   * past it, an outcome saying it was not computed.
   */
  optimizeAt(offset: number, budget?: Budget, report?: FileReport): { nest: string; outcome: OptimizeOutcome; outOfBudget?: true } | null {
    const nest = this.optimizableNestAt(offset, report);
    if (!nest) return null;
    try {
      return { nest, outcome: withBudget(budget, () => new Engine(this.parser).optimize(this.textValue, { nest }, this.options)) };
    } catch (e) {
      if (e instanceof OutOfBudget) return { nest, outcome: { ok: false, reason: `${e.message}: run loopsmith transform --optimize`, before: null, tried: 0 }, outOfBudget: true };
      throw e;
    }
  }

  /** The nest whose first loop header holds `offset`, when the target has a memory model (the
   *  Optimise action's condition), else null. `report`: the one a request has at hand (partial,
   *  the function at the cursor analysed), else the whole file's. */
  optimizableNestAt(offset: number, report?: FileReport): string | null {
    if (!this.options.target?.dram || !this.onLoopHeader(offset)) return null;
    return (report ?? this.report()).nests.find((n) => offset >= n.start && offset <= n.start + (n.loops[0]?.header.length ?? 0))?.id ?? null;
  }

  /** The text and the options of the figures, as plain data: what `Engine.optimize` needs to
   *  make this document's plans elsewhere (the language server's background worker). */
  snapshot(): { text: string; options: AnalyzeOptions } {
    return { text: this.textValue, options: this.options };
  }

  /** The name of the target the figures are for, when one was chosen. */
  get targetName(): string | null { return this.options.target?.name ?? null; }

  /** Replays a plan's specs on the current text: the combined edit, or the step that no longer applies. */
  applyPlan(plan: readonly TransformSpec[], budget?: Budget, versioned = false): TransformResult {
    const engine = new Engine(this.parser);
    let text = this.textValue;
    const notes: string[] = [];
    // A versioned plan (OptimizeOutcome.versioned) was made as if the pointer parameters did not
    // overlap: replayed so, then put under its run-time check.
    const options = { ...(versioned ? { ...this.options, assumeNoAlias: true } : this.options), deferGuards: true };
    try {
      return withBudget(budget, () => {
        const requires: string[] = [];
        for (const spec of plan) {
          const r = engine.transform(text, spec, options);
          if (!r.ok) return r;
          text = r.text;
          for (const n of r.notes) if (!notes.includes(n)) notes.push(n);
          for (const c of r.requires ?? []) if (!requires.includes(c)) requires.push(c);
        }
        const nests = () => engine.lowerAll(this.textValue, this.options).nests.filter((n) => n.id === plan[0].nest);
        if (requires.length) {
          const v = engine.versionRewrite(this.textValue, text, nests(), requires, false);
          if ("reason" in v) return { ok: false, reason: `the run-time check of ${requires.join(" and ")} cannot be placed: ${v.reason}`, blockers: [] };
          text = v.text;
        }
        if (versioned && plan.length) {
          const v = engine.versionRewrite(this.textValue, text, nests());
          if ("reason" in v) return { ok: false, reason: `the run-time overlap check cannot be placed: ${v.reason}`, blockers: [] };
          return { ok: true, title: "Optimise", edits: [diffEdit(this.textValue, v.text)], text: v.text, notes: notes.filter((n) => !NO_ALIAS_NOTE.test(n)) };
        }
        return { ok: true, title: "Optimise", edits: [diffEdit(this.textValue, text)], text, notes };
      });
    } catch (e) {
      if (e instanceof OutOfBudget) return { ok: false, reason: e.message, blockers: [] };
      throw e;
    }
  }

  /** Whether the current text has syntax errors (then each edit is parsed afresh: see edit()). */
  get hasSyntaxErrors(): boolean { return this.tree.rootNode.hasError; }

  /** Replaces the whole text (full reparse). */
  setText(text: string): void {
    this.inProgress = null;
    this.spans = [];
    this.spansComplete = false;
    this.round++;
    this.factsDirty = true;
    this.textValue = text;
    const previous = this.tree;
    this.tree = parse(this.parser, text);
    previous.delete();
    this.cached = null;
  }

  /** File-level facts, read again when an edit may have changed them (clearing the cache if they did). */
  private facts(): FileContext {
    if (!this.ctx || this.factsDirty) {
      this.ctx = collectFacts(this.tree, this.parser, definesOf(this.options), factsOptions(this.options));
      const print = factsFingerprint(this.ctx);
      if (print !== this.factsPrint) { this.cache.clear(); this.factsPrint = print; }
      this.factsDirty = false;
    }
    return this.ctx;
  }

  /**
   * The file's report. With a `deadline` (a performance.now() time) the analysis stops at the
   * first function boundary past it and returns what it has, marked `partial` (editors show
   * the first figures of a large file sooner); the next call goes on from the cache. Each call
   * analyses at least one function: the one holding `focus` (an offset) first, when given, so
   * a hover is answered for the function under the cursor.
   */
  report(deadline?: number, focus?: number): FileReport {
    if (this.cached) return this.cached;
    // Figures are cached per function: finished even under a request's budget (the deadline slices them).
    return unbounded(() => this.computeReport(deadline, focus));
  }

  /**
   * The file's functions: from the span list while it is complete (edits inside one body since
   * the last report), each node found in the tree only when asked for; else read from the tree.
   */
  private functionRefs(root: TreeNode): FunctionRef[] {
    if (this.spansComplete) {
      return this.spans.map((span) => {
        let node: TreeNode | undefined;
        return { span, node: () => (node ??= definitionAt(root, span)) };
      });
    }
    const was = new Map(this.spans.map((k) => [k.start, k]));
    return functionDefinitions(root).map((fn) => {
      const { row, column } = fn.startPosition, { startIndex: start, endIndex: end } = fn;
      const k = was.get(start);
      const key = k && k.key !== null && k.end === end && k.row === row && k.column === column ? k.key : null;
      return { span: { start, end, row, column, key }, node: () => fn };
    });
  }

  private computeReport(deadline?: number, focus?: number): FileReport {
    const ctx = this.facts();
    const root = this.tree.rootNode;
    const text = this.textValue;
    const functions = this.functionRefs(root);
    const next = new Map<string, FunctionResult>();
    type Item = { key: string; fn: FunctionRef; name: string; hit?: FunctionResult };
    const items: Item[] = functions.map((fn) => {
      // Keyed by position in lines (not offsets) and text: typing on other lines keeps hits.
      const key = fn.span.key ??= unshared(`${fn.span.row}:${fn.span.column}\u0000${text.slice(fn.span.start, fn.span.end)}`);
      const hit = this.cache.get(key);
      // The key holds the function's text, so a hit has its name.
      return { key, fn, name: hit ? hit.name : functionName(fn.node()), hit };
    });
    this.spans = functions.map((f) => f.span);
    this.spansComplete = true;
    // A function whose figures change (its text, or transitively a callee's) invalidates the
    // figures of its callers computed before that change. Figures computed since (by any report,
    // partial or not, in any order) stay valid: a caller's analysis reads its callees' current text.
    const round = this.round;
    for (const i of items) if (!i.hit) this.changedAt.set(i.name, round);
    for (let grew = true; grew;) {
      grew = false;
      for (const i of items) if (i.hit && i.hit.callees.some((c) => (this.changedAt.get(c) ?? -1) > i.hit!.at)) { i.hit = undefined; this.changedAt.set(i.name, round); grew = true; }
    }
    const pending: { key: string; fn: FunctionRef; name: string; ir: FunctionIR | null }[] = [];
    // Cached functions keep no IR (memory): a callee's IR is lowered again when a caller needs it.
    const nodes = new Map(items.map((i) => [i.name, i.fn.node]));
    for (const { key, fn, name, hit } of items) {
      if (hit) {
        // The same key, so the same entry: moved in place (a partial report's merge keeps one entry).
        for (const x of hit.nests) moveNest(x, fn.span.start - hit.start);
        hit.start = fn.span.start;
        next.set(key, hit);
      }
      else pending.push({ key, fn, name, ir: null });
    }
    const callee = this.calleeCosts(ctx, nodes);
    // Function by function (lower, then analyse nest by nest), so a deadline can stop between
    // two nests; an unfinished function is resumed by the next call (this.inProgress).
    let partial = false;
    let done = 0; // units of work (nests, functions) this call: at least one before a deadline stops it
    const spent = () => deadline !== undefined && done > 0 && performance.now() > deadline;
    let unfinished: NestReport[] = [];
    const focused = focus === undefined ? -1 : pending.findIndex((p) => focus >= p.fn.span.start && focus <= p.fn.span.end);
    if (focused > 0) pending.unshift(...pending.splice(focused, 1));
    const resume = this.inProgress;
    this.inProgress = null;
    for (const p of pending) {
      if (spent()) { partial = true; break; }
      let result: FunctionResult;
      try {
        const again = resume && resume.key === p.key && resume.ctx === ctx ? resume : null;
        // Lowering reads the function from a plain copy (syntax/mirror.ts: no wasm call per node property).
        const fn = again?.fn ?? mirror(p.fn.node(), text);
        const ir = again ? again.ir : new FunctionLowering(ctx).lower(fn);
        this.lastLowered = { tree: this.tree, ctx, start: p.fn.span.start, ir };
        // Not kept for callers (memory: a 100,000-line file's IR would stay alive until the report
        // ends): calleeCosts lowers a callee again, once per report, when a caller asks.
        const nests = again?.nests ?? [];
        for (const n of (ir?.nests ?? []).slice(nests.length)) {
          if (spent()) break;
          nests.push(analyzeNest(n, this.nestContext(ctx, n.locals, callee, fn.text)));
          done++;
        }
        if (ir && nests.length < ir.nests.length) {
          this.inProgress = { key: p.key, ctx, fn, ir, nests };
          unfinished = nests;
          partial = true;
          break;
        }
        const callees = ir ? callsIn(ir.body) : [];
        const problems = [...forProblems(fn), ...(ir?.tooDeep ?? []).map((t) => ({ message: t.message, line: t.line, severity: "warning" as const }))];
        result = { name: p.name, nests, start: p.fn.span.start, callees, at: round, ...(problems.length ? { problems } : {}) };
      } catch (e) {
        // A bug, not bad C: said as such (an error problem on the function's line), and it costs
        // this function only: the other functions keep their figures and an editor its report.
        const message = `internal error analysing ${p.name || "a function"}(): ${String((e as Error)?.message ?? e).split("\n")[0]} (a bug: please report it with this file)`;
        result = { name: p.name, nests: [], start: p.fn.span.start, callees: [], at: round, problems: [{ message, line: p.fn.span.row + 1, severity: "error" }] };
      }
      next.set(p.key, result);
      done++;
    }
    // An interrupted function this call did not reach (another function had the focus) waits for
    // the next. (One it reached is now either finished, in `next`, or interrupted again.)
    if (resume && !this.inProgress && !next.has(resume.key)) this.inProgress = resume;
    // A partial report keeps what was done in the cache; the next call finishes the rest.
    this.cache = partial ? new Map([...this.cache, ...next]) : next;
    // The file's functions in order, each one's nests in order: sorted already but for an
    // interrupted function (checked in one pass; a sort of every nest per keystroke is not free).
    const nests: NestReport[] = [];
    for (const i of items) for (const n of next.get(i.key)?.nests ?? []) nests.push(n);
    nests.push(...unfinished);
    if (nests.some((n, k) => k > 0 && nests[k - 1].start > n.start)) nests.sort((a, b) => a.start - b.start);
    // Every function's unread `for` loops, also those a partial report has not analysed yet.
    const lowered = [...[...next.values()].flatMap((r) => r.problems ?? []), ...(partial ? pending.filter((p) => !next.has(p.key)).flatMap((p) => forProblems(p.fn.node())) : [])].sort((a, b) => a.line - b.line || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    const report: FileReport = { file: this.options.file ?? "<input>", nests, problems: [...syntaxProblems(root), ...ctx.problems.map((u) => ({ message: u.reason, line: u.line ?? 1, severity: "warning" as const })), ...lowered] };
    if (partial) return { ...report, partial: true };
    this.cached = report;
    return report;
  }
}

/** The `for` loops of a function that no nest shows, as warnings with their lines. */
function forProblems(fn: SyntaxNode): Problem[] {
  const body = fn.childForFieldName("body");
  return body ? unlistedFors(body).map((u) => ({ message: `${u.what}: ${u.reason}`, line: u.line, severity: "warning" as const })) : [];
}

/** Everything file-level that a function's analysis depends on. */
function factsFingerprint(ctx: FileContext): string {
  const f = ctx.facts;
  return JSON.stringify([
    [...f.values].map(([k, v]) => `${k}=${v}`), [...f.macroTypes].map(([k, v]) => `${k}:${v.base}`),
    [...f.functionMacros], [...f.functions].map(([k, v]) => `${k}:${v.returnType.base}:${v.defined}`),
    [...f.typedefs].map(([k, v]) => `${k}:${v.base}`), [...f.order].map(([k, v]) => `${k}${v}`),
    ctx.globals.fingerprint(), f.noalias, [...f.structs].map(([k, m]) => `${k}{${[...m].map(([n, x]) => `${n}:${x.type.base}:${x.struct ?? ""}`).join(",")}}`),
    [...f.structTypedefs], [...f.pure],
  ]);
}

function syntaxProblems(root: SyntaxNode): Problem[] {
  if (!root.hasError) return [];
  const out: Problem[] = [];
  // An explicit stack (children pushed in reverse, so found in source order): an error may
  // sit thousands of levels deep (unbalanced parentheses), deeper than the JavaScript stack.
  const todo: SyntaxNode[] = [root];
  while (todo.length && out.length < 50) {
    const n = todo.pop()!;
    if (n.isMissing) { out.push({ message: `syntax error: missing \`${n.type}\``, line: n.startPosition.row + 1, severity: "error" }); continue; }
    if (n.isError) {
      const t = n.text.split("\n")[0].slice(0, 40);
      out.push({ message: `syntax error near \`${t}\`: this region is skipped, the rest of the file is analysed`, line: n.startPosition.row + 1, severity: "error" });
      continue;
    }
    if (n.hasError) for (let i = n.children.length - 1; i >= 0; i--) { const c = n.children[i]; if (c) todo.push(c); }
  }
  return out;
}

export { Rational, Poly };
export type { TransformSpec } from "./transform/registry";
export type { TransformResult, TextEdit } from "./transform/common";
export type { Dependence } from "./analysis/dependences";
export type { ActionOffer } from "./transform/actions";
export { adviceSpec, FIX_MARGIN, speedup } from "./optimize/quickFix";
export { formatSeconds } from "./analysis/nest";
export { overlapCondition } from "./optimize/versioning";
export { deadlineBudget, withBudget, OutOfBudget, type Budget } from "./budget";
