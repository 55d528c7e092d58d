// What a name means where it is used: a loop variable, a scalar, an array, or a symbol
// (#define, enum, const global, parameter). Lowering keeps one Scope per block.

import type { Poly } from "../symbolic/poly";
import type { Rational } from "../symbolic/rational";
import type { ArrayInfo, CType } from "./types";

export type VarInfo =
  | { readonly kind: "loop"; readonly type: CType }
  | { readonly kind: "scalar"; readonly type: CType; readonly alias?: Poly; readonly assigned: boolean;
      /** The innermost loop whose body declares it (private to that loop's iterations); undefined outside any loop. */
      readonly owner?: string;
      /** Offset of its declarator: tells apart same-named variables declared in sibling scopes. */
      readonly decl?: number }
  | { readonly kind: "array"; readonly type: CType; readonly array: ArrayInfo }
  | { readonly kind: "symbol"; readonly type: CType };

export class Scope {
  private readonly vars = new Map<string, VarInfo>();
  constructor(readonly parent?: Scope) {}
  define(name: string, info: VarInfo): void { this.vars.set(name, info); }
  lookup(name: string): VarInfo | undefined { return this.vars.get(name) ?? this.parent?.lookup(name); }
  child(): Scope { return new Scope(this); }
  /** A stable text of this scope's own names and shapes (cache key for the globals). */
  fingerprint(): string {
    return [...this.vars].map(([k, v]) => `${k}:${v.kind}:${v.type.base}` + (v.kind === "array" ? `[${v.array.dims.map((d) => d?.key() ?? "?").join("][")}]` : "")).join(";");
  }
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
}
