// What a name means where it is used: a loop variable, a scalar, an array, or a symbol
// (#define, enum, const global, parameter). Lowering keeps one Scope per block.

import type { Poly } from "../symbolic/poly";
import type { Rational } from "../symbolic/rational";
import type { ArrayInfo, CType } from "./types";
import type { Cell } from "./memory";
import type { DataModel } from "./ctypes";

export type VarInfo =
  | { readonly kind: "loop"; readonly type: CType;
      /** A value the variable never goes below in the body (its start counting up, its last
       *  value counting down): proves numerators of `/` and `%` non-negative (expr.ts). */
      readonly min?: Poly }
  | { readonly kind: "scalar"; readonly type: CType; readonly alias?: Poly; readonly assigned: boolean;
      /** The innermost loop whose body declares it (private to that loop's iterations); undefined outside any loop. */
      readonly owner?: string;
      /** Its current value, for a pointer or an integer that changes (ir/memory.ts). */
      readonly cell?: Cell;
      /** An integer local used only to form addresses (ir/address.ts): computing it is not work. */
      readonly address?: boolean;
      /** Offset of its declarator: tells apart same-named variables declared in sibling scopes. */
      readonly decl?: number }
  | { readonly kind: "array"; readonly type: CType; readonly array: ArrayInfo }
  | { readonly kind: "symbol"; readonly type: CType };

/** A struct-typed variable (or pointer to one): its struct, and whether it points to const. */
export interface StructVar { readonly key: string; readonly pointer: boolean; readonly readonly: boolean }

/**
 * What a function does to struct fields, read once per function: a field read is a symbol only
 * when nothing here writes that field, the struct it belongs to, or the pointer to it.
 */
export interface FieldWrites {
  /** Field expressions written (`d->c = 0`, `l.n++`), normalised (`d->c`) -> line. */
  readonly fields: ReadonlyMap<string, number>;
  /** Field names written through any base (`q->c = 0` may write `d->c` when q == d) -> text, line. */
  readonly byField: ReadonlyMap<string, { readonly text: string; readonly line: number }>;
  /** Bases changed as a whole or handed out: `*d = x`, `d = e`, `d++`, `&l`, `f(d)` -> why
   *  (`call`: passed to a function, which matters only for a pointer to a non-const struct). */
  readonly bases: ReadonlyMap<string, { readonly reason: string; readonly call: boolean }>;
  /** Writes through a field of a struct value (`l.output[k] = x`, `*l.p = x`): the field's
   *  pointee (or the array field itself) changes, not the struct's other fields. Keyed by the
   *  field (`l.output`) -> why. A global struct's pointee may be the struct itself: there the
   *  write counts as a write of the base. */
  readonly through: ReadonlyMap<string, { readonly base: string; readonly reason: string;
    /** Through a pointer to the struct (`l->output[k] = x`): the store's type decides whether it
     *  may change a field (C's effective-type rule: a floating-point store cannot change an
     *  integer or a pointer; an integer one may, char types alias everything). */
    readonly arrow?: boolean; readonly line?: number }>;
  /** A call to a function that may write globals (not a math function), with its line. */
  readonly call?: { readonly name: string; readonly line: number };
}

export class Scope {
  private readonly vars = new Map<string, VarInfo>();
  private readonly structs = new Map<string, StructVar>();
  /** Set on a function's outermost scope. */
  writes?: FieldWrites;
  constructor(readonly parent?: Scope) {}
  define(name: string, info: VarInfo): void { this.vars.set(name, info); this.structs.delete(name); }
  /** Records that `name` (already defined here) has a struct type (or points to one). */
  defineStruct(name: string, s: StructVar): void { this.structs.set(name, s); }
  /** The struct type of the variable `name` resolves to here (honouring shadowing). */
  structOf(name: string): StructVar | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.vars.has(name)) return s.structs.get(name);
    return undefined;
  }
  /** True when `name` is found in the file-level scope (a global), not in a function. */
  isGlobal(name: string): boolean {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.vars.has(name)) return !s.parent;
    return false;
  }
  fieldWrites(): FieldWrites | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.writes) return s.writes;
    return undefined;
  }
  /** A loop over the chain, not a recursion: scopes nest as deep as the user's blocks. */
  lookup(name: string): VarInfo | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) { const v = s.vars.get(name); if (v) return v; }
    return undefined;
  }
  child(): Scope { return new Scope(this); }
  /** A stable text of this scope's own names and shapes (cache key for the globals). */
  fingerprint(): string {
    return [...this.vars].map(([k, v]) => `${k}:${v.kind}:${v.type.base}` + (v.kind === "array" ? `[${v.array.dims.map((d) => d?.key() ?? "?").join("][")}]` : "")).join(";");
  }
}

/**
 * The bound values plus those of a function's named locals (`const int c = d->c;` is 5 when
 * `d->c` is bound to 5), unless the caller bound the local itself. Per function, so a local
 * never leaks into another function's symbols.
 */
export function withLocals(values: ReadonlyMap<string, Rational>, locals?: ReadonlyMap<string, Poly>): ReadonlyMap<string, Rational> {
  if (!locals || locals.size === 0) return values;
  let out: Map<string, Rational> | null = null;
  for (const [name, def] of locals) {
    const cur = out ?? values;
    if (cur.has(name) || def.mentions(name)) continue;
    const v = def.evaluate(cur);
    if (v) (out ??= new Map(values)).set(name, v);
  }
  return out ?? values;
}

/** The assumed symbols plus the named locals whose definition uses one (their value is assumed too). */
export function assumedWithLocals(assumed: ReadonlySet<string>, locals?: ReadonlyMap<string, Poly>): ReadonlySet<string> {
  if (!locals || locals.size === 0) return assumed;
  const out = new Set(assumed);
  for (const [name, def] of locals) if ([...def.symbols()].some((s) => out.has(s))) out.add(name);
  return out;
}

/** File-level facts every function's lowering needs. */
export interface FileFacts {
  /** Exact values of symbols (defines, enums, const globals, assumptions, -D). */
  readonly values: Map<string, Rational>;
  /** Types of object-like macros that expand to a number (`#define ALPHA 0.5f` is float). */
  readonly macroTypes: Map<string, CType>;
  /** Names of function-like macros, to explain why `IDX(i, j)` is not understood. */
  readonly functionMacros: Set<string>;
  /** Functions defined or declared in the file, with return types. */
  readonly functions: Map<string, { readonly returnType: CType; readonly defined: boolean }>;
  /** Type names: typedefs and `#define REAL double` style aliases. */
  readonly typedefs: Map<string, CType>;
  /** First-appearance rank of each symbol, to print expressions in the user's order. */
  readonly order: Map<string, number>;
  /** Symbols whose value comes from an assumption (comment or -D), not from the C source. */
  readonly assumed: Set<string>;
  /** Functions declared pure by the user (`--pure`, setting, `// loopsmith: pure f`): no memory effects. */
  readonly pure: Set<string>;
  /** Struct definitions in the file: key (`struct layer`, or an anonymous one's offset) -> fields. */
  readonly structs: Map<string, Map<string, StructField>>;
  /** Typedef names of structs (`dims_t`) -> struct key. */
  readonly structTypedefs: Map<string, string>;
  /** `// loopsmith: assume noalias` in the file, or the caller's --assume-noalias. */
  noalias: boolean;
  /** Sizes of `long`, pointers and `size_t` (the target's data model; LP64 unless told). */
  readonly dataModel: DataModel;
}

/** A field of a struct defined in the file. */
export interface StructField {
  readonly type: CType;
  /** Key of the field's struct type, for nested fields (`l->dims.c`). */
  readonly struct?: string;
  /** Set when the field is an array or a pointer (never a symbol). */
  readonly derived?: boolean;
  /** The pointed-to type of a field declared as one pointer (`float *weights`). */
  readonly element?: CType;
}
