// C scalar types: which are floating point, and their sizes under the target's data model.
// The ILP32, LP64 and LLP64 ABIs agree on everything but `long`, pointers and the pointer-sized
// integers (`size_t`, `ptrdiff_t`, `intptr_t`): LP64 (64-bit Linux/macOS, the default) has them
// all 8 bytes; ILP32 (Cortex-M, 32-bit Arm Linux) 4; LLP64 (64-bit Windows) has `long` 4 and
// the rest 8. `long double` is 8 bytes on ILP32 Arm and LLP64 (AAPCS, MSVC), 16 on LP64.

import type { CType } from "./types";
import type { FileFacts } from "./scope";

// A Map, not an object: a typedef or unknown type named `constructor` must not find Object's.
const SIZES = new Map<string, [CType["kind"], number]>(Object.entries({
  float: ["float", 4], double: ["float", 8], "long double": ["float", 16],
  _Float16: ["float", 2], __fp16: ["float", 2], float16_t: ["float", 2], float32_t: ["float", 4], float64_t: ["float", 8],
  char: ["int", 1], "signed char": ["int", 1], "unsigned char": ["int", 1], _Bool: ["int", 1], bool: ["int", 1],
  short: ["int", 2], "unsigned short": ["int", 2], int: ["int", 4], unsigned: ["int", 4], "unsigned int": ["int", 4],
  long: ["int", 8], "unsigned long": ["int", 8], "long long": ["int", 8], "unsigned long long": ["int", 8],
  int8_t: ["int", 1], uint8_t: ["int", 1], int16_t: ["int", 2], uint16_t: ["int", 2],
  int32_t: ["int", 4], uint32_t: ["int", 4], int64_t: ["int", 8], uint64_t: ["int", 8],
  size_t: ["int", 8], ssize_t: ["int", 8], ptrdiff_t: ["int", 8], intptr_t: ["int", 8], uintptr_t: ["int", 8],
  q7_t: ["int", 1], q15_t: ["int", 2], q31_t: ["int", 4],
} as Record<string, [CType["kind"], number]>));

export type DataModel = "LP64" | "ILP32" | "LLP64";

/** Sizes that differ from LP64's under each data model. */
const MODEL_SIZES: Record<DataModel, ReadonlyMap<string, number>> = {
  LP64: new Map(),
  ILP32: new Map(Object.entries({ long: 4, "unsigned long": 4, "long double": 8, size_t: 4, ssize_t: 4, ptrdiff_t: 4, intptr_t: 4, uintptr_t: 4 })),
  LLP64: new Map(Object.entries({ long: 4, "unsigned long": 4, "long double": 8 })),
};

/** Bytes of a pointer under a data model. */
export const pointerBytes = (model: DataModel = "LP64"): number => (model === "ILP32" ? 4 : 8);

/** The pointer type under a data model. */
export const pointerType = (model: DataModel = "LP64"): CType => (model === "ILP32" ? POINTER32 : POINTER);

export const UNKNOWN_TYPE: CType = { base: "?", kind: "unknown", bytes: null };
export const INT: CType = { base: "int", kind: "int", bytes: 4 };
export const DOUBLE: CType = { base: "double", kind: "float", bytes: 8 };
export const FLOAT: CType = { base: "float", kind: "float", bytes: 4 };
export const POINTER: CType = { base: "*", kind: "pointer", bytes: 8 };
const POINTER32: CType = { base: "*", kind: "pointer", bytes: 4 };
export const VOID: CType = { base: "void", kind: "void", bytes: null };

/** Normalises a type spelling ("unsigned  int", "short int", "long int") and looks it up under a data model. */
export function scalarType(spelling: string, model: DataModel = "LP64"): CType | undefined {
  let s = spelling.replace(/\b(const|volatile|restrict|__restrict__|__restrict|static|register|extern|inline|signed(?= \w))\b/g, " ").replace(/\s+/g, " ").trim();
  s = s.replace(/^(short|long|long long|unsigned|unsigned short|unsigned long|unsigned long long) int$/, "$1");
  if (s === "signed") s = "int";
  if (s === "void") return VOID;
  const hit = SIZES.get(s);
  return hit ? { base: s, kind: hit[0], bytes: MODEL_SIZES[model].get(s) ?? hit[1] } : undefined;
}

/** The type of an arithmetic result (usual arithmetic conversions, simplified to what counts). */
export function promote(a: CType, b: CType): CType {
  if (a.kind === "pointer" || b.kind === "pointer") return POINTER;
  if (a.kind === "float" || b.kind === "float") {
    const fa = a.kind === "float" ? a.bytes ?? 0 : 0;
    const fb = b.kind === "float" ? b.bytes ?? 0 : 0;
    return fa >= fb ? a : b;
  }
  if (a.kind === "unknown" || b.kind === "unknown") return UNKNOWN_TYPE;
  return (a.bytes ?? 4) >= (b.bytes ?? 4) && (a.bytes ?? 0) >= 4 ? a : INT;
}

/** math.h functions: each call counts one FLOP of kind "call". Value: returns float (f suffix) or double. */
const MATH = new Set([
  "acos", "asin", "atan", "atan2", "cos", "sin", "tan", "cosh", "sinh", "tanh", "acosh", "asinh", "atanh",
  "exp", "exp2", "expm1", "log", "log10", "log2", "log1p", "pow", "sqrt", "cbrt", "hypot", "erf", "erfc",
  "tgamma", "lgamma", "ceil", "floor", "trunc", "round", "nearbyint", "rint", "fabs", "fmod", "remainder",
  "fmax", "fmin", "fdim", "fma", "copysign", "ldexp", "frexp", "modf", "scalbn",
]);
export function mathFunction(name: string): CType | undefined {
  // A callee that is an expression (or error recovery's run of text) is no math function; its
  // text may be most of the file, and each lookup of a slice would hash it again.
  if (name.length > 40) return undefined;
  if (MATH.has(name)) return DOUBLE;
  if (name.endsWith("f") && MATH.has(name.slice(0, -1))) return FLOAT;
  if (name.endsWith("l") && MATH.has(name.slice(0, -1))) return { base: "long double", kind: "float", bytes: 16 };
  if (name.startsWith("__builtin_")) return mathFunction(name.slice(10));
  return undefined;
}

/** A declared type spelling resolved through the file's typedefs (qualifiers dropped). */
export function resolveType(facts: FileFacts, spelling: string): CType {
  const s = spelling.replace(/\b(const|volatile|static|register|extern|inline|restrict|__restrict__|__restrict|_Alignas\([^)]*\))\b/g, " ").replace(/\s+/g, " ").trim();
  return scalarType(s, facts.dataModel) ?? facts.typedefs.get(s) ?? UNKNOWN_TYPE;
}
