// C declarators -> names, element types and array dimensions.
// `float A[N][M]`, `double C[restrict ni][nj]`, `float (*A)[M]`, `float *restrict w`,
// `float **rows` (rows not contiguous), `int8_t x[]`.

import type { SyntaxNode } from "../syntax/parser";
import type { CType } from "./types";

/** One step from the declared name outward: an array of `size`, or a pointer. */
export type Derivation = { readonly kind: "array"; readonly size: SyntaxNode | null } | { readonly kind: "pointer" };

export interface Declarator {
  readonly name: string;
  readonly nameNode: SyntaxNode;
  readonly derivations: readonly Derivation[];
  readonly restrict: boolean;
  readonly isFunction: boolean;
  readonly value: SyntaxNode | null;
}

/** The parameters of a function definition in order (those of its own declarator, not of a
 *  function-pointer parameter's): each declaration with its declarator read (null if unnamed). */
export function parametersOf(fn: SyntaxNode): { readonly decl: SyntaxNode; readonly declarator: Declarator | null }[] {
  const d = fn.childForFieldName("declarator");
  const fdecl = d?.type === "function_declarator" ? d : d?.descendantsOfType("function_declarator")[0];
  return (fdecl?.childForFieldName("parameters")?.namedChildren ?? []).flatMap((p) => {
    if (p?.type !== "parameter_declaration") return [];
    const x = p.childForFieldName("declarator");
    return [{ decl: p, declarator: x ? readDeclarator(x) : null }];
  });
}

export function readDeclarator(node: SyntaxNode): Declarator | null {
  let restrict = false;
  let isFunction = false;
  let value: SyntaxNode | null = null;
  const walk = (n: SyntaxNode): { name: string; nameNode: SyntaxNode; derivs: Derivation[] } | null => {
    switch (n.type) {
      case "identifier":
      case "field_identifier":
      case "type_identifier":
        return { name: n.text, nameNode: n, derivs: [] };
      case "init_declarator": {
        value = n.childForFieldName("value");
        const d = n.childForFieldName("declarator");
        return d ? walk(d) : null;
      }
      case "array_declarator": {
        const d = n.childForFieldName("declarator");
        const inner = d ? walk(d) : null;
        if (!inner) return null;
        if (n.children.some((c) => c?.type === "type_qualifier" && /restrict/.test(c.text))) restrict = true;
        inner.derivs.push({ kind: "array", size: n.childForFieldName("size") });
        return inner;
      }
      case "pointer_declarator":
      case "abstract_pointer_declarator": {
        if (n.children.some((c) => c?.type === "type_qualifier" && /restrict/.test(c.text))) restrict = true;
        const d = n.childForFieldName("declarator");
        const inner = d ? walk(d) : null;
        if (!inner) return null;
        inner.derivs.push({ kind: "pointer" });
        return inner;
      }
      case "parenthesized_declarator": {
        const d = n.namedChildren.find((c) => c && c.type !== "type_qualifier");
        return d ? walk(d) : null;
      }
      case "function_declarator": {
        isFunction = true;
        const d = n.childForFieldName("declarator");
        return d ? walk(d) : null;
      }
      case "attributed_declarator": {
        const d = n.namedChildren.find((c) => c && c.type !== "attribute_specifier");
        return d ? walk(d) : null;
      }
      default:
        return null;
    }
  };
  const r = walk(node);
  return r ? { name: r.name, nameNode: r.nameNode, derivations: r.derivs, restrict, isFunction, value } : null;
}

/** The spelling of a declaration's base type, e.g. "unsigned int", "float", "int8_t". */
export function typeSpelling(declOrParam: SyntaxNode): { spelling: string; node: SyntaxNode | null } {
  const t = declOrParam.childForFieldName("type");
  return { spelling: t ? t.text : "", node: t };
}

export type TypeResolver = (spelling: string, node: SyntaxNode | null) => CType;
