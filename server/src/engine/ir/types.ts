// The loop-nest IR: what lowering (lower.ts) produces from the CST and every analysis reads.
// Plain data with exact polynomials; no tree-sitter node survives into it, only offsets, so
// results can be cached and sent across threads. Offsets are UTF-16 code-unit indices into
// the document text; lines are 1-based.

import type { Poly } from "../symbolic/poly";

export interface Span { readonly start: number; readonly end: number; readonly line: number; readonly column: number }

/** Something Loopsmith could not model, and why. Never replaced by a guess. */
export interface Unknown { readonly what: string; readonly reason: string; readonly line?: number }

export type ScalarKind = "float" | "int" | "pointer" | "void" | "unknown";

export interface CType {
  /** Spelling of the base type after typedefs: "float", "int8_t", "double", ... */
  readonly base: string;
  readonly kind: ScalarKind;
  /** sizeof the scalar, or null when not known (struct, unknown typedef). */
  readonly bytes: number | null;
}

/** An array or pointer that subscripts index into. */
export interface ArrayInfo {
  readonly name: string;
  readonly element: CType;
  /** Extent of each dimension, outermost first; null = unknown (decayed pointer, `[]`). */
  readonly dims: readonly (Poly | null)[];
  /** Why rows are not contiguous (pointer to pointers), else undefined. */
  readonly discontiguous?: string;
  readonly isParameter: boolean;
  readonly restrict: boolean;
  readonly line: number;
  /** An array of the function's own frame (declared in its body, not static or extern): no
   *  pointer the caller passed can point into it. */
  readonly automatic?: boolean;
  /** A parameter the function assigns (it may then point anywhere, its own locals too). */
  readonly reassigned?: boolean;
}

/** Operation counts of one execution of a statement. */
export interface OpCounts {
  fadd: number; fmul: number; fdiv: number; fcall: number;
  /** MACs of any type, and the floating-point ones among them (each is one add + one mul). */
  macs: number; fmacs: number; intOps: number;
  /** Calls to functions defined in the same file, by name (a Map: C names such as
   *  `constructor` or `__proto__` are not safe as plain-object keys). */
  userCalls: Map<string, number>;
  /** Each such call with its arguments as affine values (null where an argument is not one), and
   *  the call's offset. A call analysed as if inlined (Stmt.inlined) is not listed: its body is counted. */
  /** Calls to math-library functions (each also one FLOP of kind "call"), by name. */
  mathCalls: Map<string, number>;
  userCallArgs: { name: string; args: (import("../symbolic/poly").Poly | null)[]; at: number }[];
  /** Calls whose cost is not known (external functions, unexpanded macros). */
  unknownCalls: string[];
  /** Operations whose type could not be determined (so FLOP vs integer is unknown). */
  untyped: string[];
  /** Why some operations run only sometimes (`?:` branches doing different work, the right
   *  side of `&&`/`||`): the statement's counts are then unknown. */
  uncertain: { reason: string; kinds: ("fadd" | "fmul" | "fdiv" | "fcall" | "macs" | "fmacs" | "intOps")[] }[];
}

export interface Access {
  /** The reference exactly as written, e.g. `I[k][x + i][y + j]`. */
  readonly text: string;
  readonly array: string;
  readonly kind: "read" | "write";
  readonly span: Span;
  /** One affine polynomial per subscript (loop vars and symbols), null where non-affine. */
  readonly subscripts: readonly (Poly | null)[];
  /** Row-major element offset, or null with `reason`. */
  readonly offset: Poly | null;
  readonly reason?: string;
  readonly elementBytes: number | null;
  /** The array's declaration, when found. */
  readonly info?: ArrayInfo;
  /** Set when the access runs only sometimes within its statement (right side of `&&`, one branch of `?:`). */
  readonly conditional?: string;
  /** The pointer it goes through (`row` in `row[j]` with `row = A + i*m`): the access is to `array` at a flat offset. */
  readonly via?: string;
  /** Set on an access made inside a callee analysed as if inlined (its name): `span` is the call's. */
  readonly inlined?: string;
}

/** A read or write of a scalar variable (for dependences: reductions, privatisable temporaries). */
export interface ScalarAccess {
  readonly name: string;
  readonly kind: "read" | "write";
  readonly span: Span;
  /** Loop whose body declares the scalar (it is private to that loop's iterations), if any. */
  readonly owner?: string;
  /** A file-scope variable (a call that is not pure may read or write it). */
  readonly global?: boolean;
  /** Offset of the variable's declarator (same-named variables of sibling scopes are distinct). */
  readonly decl?: number;
  /** Its C type (after typedefs), when it is an arithmetic scalar: new locals of the same type. */
  readonly type?: string;
}

/** A call that is not pure: what it may do to memory (see ir/calls.ts). */
export interface Effect {
  readonly call: string;
  readonly kind: "read" | "write";
  readonly reason: string;
  readonly span: Span;
  /** The call may touch the program's arrays (a same-file function that reads or writes memory,
   *  or a pointer into an array passed as an argument): the nest's footprint is then not known. */
  readonly touchesArrays: boolean;
}

/**
 * A declaration that is a statement of a loop body (`const float *p = A + k;`, `float tmp[4];`).
 * Lowering keeps only initialisers as statements; rewrites that copy or split a body need the
 * whole declaration (locals.ts).
 */
export interface LocalDecl {
  readonly names: readonly string[];
  /** From the type to the `;`. */
  readonly span: Span;
  /** Identifier occurrences after the declaration, in the body, that refer to its names. */
  readonly uses: readonly Span[];
  /** Why the initialiser cannot be evaluated again elsewhere (an assignment, a call); absent when pure. */
  readonly impure?: string;
  /** The first use that changes (or may change) a declared variable after its declaration. */
  readonly modified?: string;
}

export interface Loop {
  readonly kind: "loop";
  readonly var: string;
  readonly span: Span;
  /** From `for` to the closing parenthesis of the header. */
  readonly header: Span;
  readonly body: readonly Node[];
  /** Normalised form: var = lower + step*t for t = 0 .. tripCount-1. Null when not understood. */
  readonly lower: Poly | null;
  readonly step: bigint | null;
  readonly tripCount: Poly | null;
  readonly unknown?: Unknown;
  /** The loop header as written, for reports. */
  readonly headerText: string;
  /** A bound that is a min/max of affine expressions (tiled code: `i < (t + 32 < N ? t + 32 : N)`):
   *  no closed form, but countable exactly for bound sizes. `tripCount` is then null. */
  readonly minMax?: { readonly op: "min" | "max"; readonly args: readonly import("../symbolic/poly").Poly[]; readonly relation: string };
  /** The body (a statement or a `{ ... }` block). */
  readonly bodySpan?: Span;
  /** Declarations that are statements of the body's block (not those inside nested loops or blocks). */
  readonly decls?: readonly LocalDecl[];
  /** Static locals declared anywhere in the body (`name (line N)`): a copy of the body would get its own. */
  readonly statics?: readonly string[];
  /** Plain `{ ... }` blocks that are statements of the body (lowering flattens them into `body`). */
  readonly blocks?: readonly Span[];
  /** Where the loop variable is used inside the body (identifier occurrences). */
  readonly uses?: readonly Span[];
  /** Set on a counted `while`/`do` loop (no `for` header): `var` is its iteration number
   *  (`cnt'` for counter cnt, lower 0, step 1) and the counter is an affine alias in the body.
   *  Such a loop has no `parts`, so no rewrite touches it. `requires`: the trip count formula
   *  holds only when it is at least `min` (else the loop wraps around or runs once). */
  readonly counted?: {
    readonly form: "while" | "do"; readonly counter: string; readonly text: string;
    readonly requires?: { readonly min: number; readonly why: string };
  };
  /** The header's pieces as written: `int i = 0`, `i < N`, `i++`; relation and bound normalised. */
  readonly parts?: {
    readonly init: Span; readonly cond: Span; readonly update: Span;
    /** `for (int i = ...` (declared in the header) rather than `for (i = ...`. */
    readonly declared: boolean;
    /** Normalised condition: var RELATION bound. */
    readonly relation: string; readonly bound: import("../symbolic/poly").Poly;
    /** The bound and the initial value as written (boundText null unless the condition is `var REL expr` or `expr REL var`). */
    readonly boundText: string | null; readonly lowerText: string;
    /** Offset just after the header's closing parenthesis. */
    readonly headerClose: number;
    /** The loop variable's C type as written (`int`, `size_t`), for new loops derived from it. */
    readonly typeText: string;
  };
}

export interface Stmt {
  readonly kind: "stmt";
  readonly span: Span;
  /** The statement's expression (or initialiser, or if-condition), when it has one. */
  readonly expr?: Span;
  readonly ops: OpCounts;
  readonly accesses: readonly Access[];
  readonly scalars: readonly ScalarAccess[];
  readonly unknowns: readonly Unknown[];
  /** Calls in the statement that may read or write memory (not pure). */
  readonly effects?: readonly Effect[];
  /** Set when the statement is `X op= E` (or `X = X op E`) with X not otherwise in E: a reduction candidate. */
  readonly update?: { readonly target: string; readonly op: string; readonly float: boolean };
  /** Calls to functions of the file analysed as if inlined here (ir/inline.ts). */
  readonly inlined?: readonly InlinedCall[];
}

/**
 * A same-file function's body at one call site, with the arguments in place of the parameters:
 * its accesses are to the caller's arrays (through the pointer arguments), its loops have
 * their own variables (`f.i`), its guards (early returns) enclose what they guard. Analyses
 * read it for counts, footprints and dependences; rewrites move the calling statement whole.
 */
export interface InlinedCall {
  readonly callee: string;
  /** The call expression in the caller. */
  readonly span: Span;
  readonly body: readonly Node[];
  /** Set when the call runs only sometimes within its statement (right of `&&`, a `?:` branch): its
   *  accesses are conditional, and its work is in the statement's `uncertain` counts, not counted here. */
  readonly sometimes?: string;
}

/** An affine condition on loop variables and symbols (`x + i >= 0 && x + i < H`). */
export type Pred =
  | { readonly op: "&&" | "||"; readonly args: readonly Pred[] }
  | { readonly op: "!"; readonly arg: Pred }
  | { readonly op: "<" | "<=" | ">" | ">=" | "==" | "!="; readonly lhs: import("../symbolic/poly").Poly; readonly rhs: import("../symbolic/poly").Poly };

/** An `if` inside a nest. With an affine condition (`pred`) its branches can be counted exactly
 *  for bound sizes (by enumeration); a data-dependent one leaves them unknown. */
export interface Guard {
  readonly kind: "if";
  readonly span: Span;
  readonly condition: string;
  readonly pred?: Pred;
  /** Why the condition is not an affine predicate (data, `%`, a call...). */
  readonly notAffine?: string;
  readonly cond: Stmt;
  readonly then: readonly Node[];
  readonly else: readonly Node[];
  /** Set when the guard stands for a jump (`if (c) continue;` guards the rest of the body):
   *  counts are exact, but a rewrite that copies or moves statements across it is not. */
  readonly jump?: string;
}

/** A construct that is not analysed (while/do loop, goto, an unsupported for). */
export interface Opaque {
  readonly kind: "opaque";
  readonly span: Span;
  readonly unknown: Unknown;
  readonly accesses: readonly Access[];
  /** Calls inside that are not pure. */
  readonly effects?: readonly Effect[];
}

export type Node = Loop | Stmt | Guard | Opaque;

export interface Nest {
  readonly id: string;
  readonly function: string;
  readonly root: Loop;
  readonly arrays: ReadonlyMap<string, ArrayInfo>;
  /** Integer locals of the function that are named symbols (`const int c = d->c;`), with their definitions. */
  readonly locals?: ReadonlyMap<string, Poly>;
  /** Pointer parameters are assumed not to overlap (--assume-noalias, `// loopsmith: assume noalias`). */
  readonly noalias?: boolean;
  /** Loops with no known trip count around the nest (a `while` outside any counted loop):
   *  the nest's figures are per iteration of them, so totals are not known. */
  readonly within?: readonly Unknown[];
}

export interface FunctionIR {
  readonly name: string;
  readonly span: Span;
  readonly nests: readonly Nest[];
  /** The whole body, for the per-call cost of user functions. */
  readonly body: readonly Node[];
  readonly returnType: CType;
  /** Parameter names in order (a call's arguments substitute them in the per-call cost). */
  readonly params: readonly string[];
  /** As Nest.locals. */
  readonly locals?: ReadonlyMap<string, Poly>;
  /** Why the body's statements may not all run once per call (a `return` that is not at the end
   *  of the body nor a top-level `if (c) return ...;`): the per-call cost is then not known. */
  readonly earlyReturn?: string;
  /** Why calls are not independent of each other (a static local: `keeps state in static seed (line 3)`). */
  readonly keepsState?: string;
  /** Pointer (and array) parameters by position, with their element types (ir/inline.ts maps them to the arguments). */
  readonly pointerParams?: ReadonlyMap<number, CType>;
  /** Statements not lowered because something in them is nested past the cap (syntax/depth.ts). */
  readonly tooDeep?: readonly import("../syntax/depth").TooDeep[];
}

export interface Symbols {
  /** Values bound to symbols (defines, enums, const globals, assumptions, -D). */
  readonly values: ReadonlyMap<string, import("../symbolic/rational").Rational>;
  /** Rank of each symbol by first appearance, to print expressions in the user's order. */
  readonly order: ReadonlyMap<string, number>;
}
