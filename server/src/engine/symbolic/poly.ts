// Exact multivariate polynomials with rational coefficients over "atoms".
// An atom is a symbol (a C identifier: a #define, a parameter, a loop variable) or an opaque
// floor term floor(p/d) (strided trip counts such as floor((L - 4)/4)). Floor atoms are
// interned in a table so two equal terms share one key; summation never looks inside them.

import { Rational, gcd, lcm } from "./rational";

type Factor = readonly [atom: string, power: number];
interface Term { readonly factors: readonly Factor[]; readonly coef: Rational; readonly key: string }

interface FloorAtom { readonly num: Poly; readonly den: bigint }
const floorAtoms = new Map<string, FloorAtom>();

/** Values bound to symbols; a symbol absent from the map stays symbolic. */
export type Bindings = ReadonlyMap<string, Rational>;

function monoKey(factors: readonly Factor[]): string {
  if (factors.length === 0) return "";
  if (factors.length === 1) return factors[0][1] === 1 ? factors[0][0] : `${factors[0][0]}^${factors[0][1]}`;
  return factors.map(([a, p]) => (p === 1 ? a : `${a}^${p}`)).join("*");
}

const term = (factors: readonly Factor[], coef: Rational, key = monoKey(factors)): Term => ({ factors, coef, key });

/** Adds a term into a map of terms (the map is owned by the caller). */
function addInto(m: Map<string, Term>, t: Term): void {
  const prev = m.get(t.key);
  if (!prev) { if (!t.coef.isZero()) m.set(t.key, t); return; }
  const coef = prev.coef.add(t.coef);
  if (coef.isZero()) m.delete(t.key);
  else m.set(t.key, term(prev.factors, coef, t.key));
}

/** Product of two monomials, both sorted by atom: a linear merge. */
function mulFactors(a: readonly Factor[], b: readonly Factor[]): Factor[] {
  if (a.length === 0) return b as Factor[];
  if (b.length === 0) return a as Factor[];
  const out: Factor[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (a[i][0] === b[j][0]) { out.push([a[i][0], a[i][1] + b[j][1]]); i++; j++; }
    else if (a[i][0] < b[j][0]) out.push(a[i++]);
    else out.push(b[j++]);
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

export class Poly {
  private constructor(private readonly terms: ReadonlyMap<string, Term>) {}

  static readonly ZERO = new Poly(new Map());
  static readonly ONE = Poly.constant(Rational.ONE);

  static constant(c: Rational | bigint | number): Poly {
    const q = c instanceof Rational ? c : Rational.of(c);
    return q.isZero() ? Poly.ZERO : new Poly(new Map([["", term([], q, "")]]));
  }

  static symbol(name: string): Poly {
    return new Poly(new Map([[name, term([[name, 1]], Rational.ONE, name)]]));
  }

  /** floor(num / den) for a positive integer den, simplified when exact. */
  static floorDiv(num: Poly, den: bigint): Poly {
    if (den <= 0n) throw new RangeError("floorDiv by a non-positive divisor");
    if (den === 1n && num.hasIntegerCoefficients()) return num;
    const c = num.constantValue();
    if (c) return Poly.constant(c.div(Rational.of(den)).floor());
    // floor((a*X + c)/d) = (a/d)*X + floor(c/d) when d divides every non-constant coefficient
    // and the coefficients are integers (so a*X is an integer multiple of d).
    if (num.hasIntegerCoefficients()) {
      let exact = true;
      for (const t of num.terms.values()) if (t.factors.length > 0 && t.coef.num % den !== 0n) exact = false;
      if (exact) {
        const rest = num.sub(Poly.constant(num.constantTerm()));
        return rest.scale(Rational.of(1n, den)).add(Poly.constant(num.constantTerm().div(Rational.of(den)).floor()));
      }
    }
    const inner = num.toString();
    const key = /^[A-Za-z_$][\w$]*$|^\d+$/.test(inner) ? `floor(${inner}/${den})` : `floor((${inner})/${den})`;
    if (!floorAtoms.has(key)) floorAtoms.set(key, { num, den });
    return Poly.symbol(key);
  }

  add(o: Poly): Poly {
    if (o.terms.size === 0) return this;
    if (this.terms.size === 0) return o;
    const m = new Map(this.terms);
    for (const t of o.terms.values()) addInto(m, t);
    return new Poly(m);
  }
  sub(o: Poly): Poly { return this.add(o.neg()); }
  neg(): Poly { return this.scale(Rational.of(-1n)); }
  scale(c: Rational): Poly {
    if (c.isZero()) return Poly.ZERO;
    if (c.equals(Rational.ONE)) return this;
    const m = new Map<string, Term>();
    for (const t of this.terms.values()) m.set(t.key, term(t.factors, t.coef.mul(c), t.key));
    return new Poly(m);
  }
  mul(o: Poly): Poly {
    if (this.terms.size === 0 || o.terms.size === 0) return Poly.ZERO;
    const m = new Map<string, Term>();
    for (const a of this.terms.values())
      for (const b of o.terms.values()) {
        const f = mulFactors(a.factors, b.factors);
        addInto(m, term(f, a.coef.mul(b.coef), f === a.factors ? a.key : f === b.factors ? b.key : monoKey(f)));
      }
    return new Poly(m);
  }
  pow(k: number): Poly {
    let r = Poly.ONE;
    for (let i = 0; i < k; i++) r = r.mul(this);
    return r;
  }

  isZero(): boolean { return this.terms.size === 0; }
  /** The value when the polynomial has no atom, else null. */
  constantValue(): Rational | null {
    if (this.terms.size === 0) return Rational.ZERO;
    if (this.terms.size === 1 && this.terms.has("")) return this.terms.get("")!.coef;
    return null;
  }
  constantTerm(): Rational { return this.terms.get("")?.coef ?? Rational.ZERO; }
  hasIntegerCoefficients(): boolean { for (const t of this.terms.values()) if (!t.coef.isInteger()) return false; return true; }
  equals(o: Poly): boolean { return this.sub(o).isZero(); }
  /** True when every coefficient (the constant term included) is >= 0. */
  nonNegativeCoefficients(): boolean { for (const t of this.terms.values()) if (t.coef.sign() < 0) return false; return true; }
  /**
   * The polynomial as a C expression of integer arithmetic (`H*W + 3*x - 1`), or null when it
   * has a fractional coefficient or a floor atom (C's division would not be exact). Terms in
   * `order` (the user's order of first use), each monomial written as a product.
   */
  toC(order?: (sym: string) => number): string | null {
    if (this.terms.size === 0) return "0";
    const rank = (a: string) => (order ? order(a) : Number.MAX_SAFE_INTEGER);
    let out = "";
    const terms = [...this.terms.values()].sort((x, y) => (x.factors.length === 0 ? 1 : 0) - (y.factors.length === 0 ? 1 : 0) || Math.min(...x.factors.map(([a]) => rank(a))) - Math.min(...y.factors.map(([a]) => rank(a))) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (const t of terms) {
      if (!t.coef.isInteger() || t.factors.some(([a]) => floorAtoms.has(a))) return null;
      const mono = [...t.factors].sort((x, y) => rank(x[0]) - rank(y[0]) || (x[0] < y[0] ? -1 : 1)).flatMap(([a, p]) => Array<string>(p).fill(a)).join("*");
      const n = t.coef.num < 0n ? -t.coef.num : t.coef.num;
      const body = !mono ? `${n}` : n === 1n ? mono : `${n}*${mono}`;
      out += out ? (t.coef.num < 0n ? ` - ${body}` : ` + ${body}`) : t.coef.num < 0n ? `-${body}` : body;
    }
    return out;
  }
  /** `pos - neg` with both made of this polynomial's terms of non-negative coefficients (for `pos >= neg`). */
  signParts(): { pos: Poly; neg: Poly } {
    const pos = new Map<string, Term>(), neg = new Map<string, Term>();
    for (const [k, t] of this.terms) {
      if (t.coef.sign() >= 0) pos.set(k, t);
      else neg.set(k, { ...t, coef: t.coef.neg() });
    }
    return { pos: new Poly(pos), neg: new Poly(neg) };
  }
  key(): string { return [...this.terms.keys()].sort().map((k) => `${this.terms.get(k)!.coef}:${k}`).join("+"); }

  private atomSet?: Set<string>;
  private symbolSet?: Set<string>;
  /** Atoms appearing directly (floor atoms count as one atom each). Do not mutate. */
  atoms(): Set<string> {
    if (this.atomSet) return this.atomSet;
    const s = new Set<string>();
    for (const t of this.terms.values()) for (const [a] of t.factors) s.add(a);
    return (this.atomSet = s);
  }
  /** Every symbol, including those inside floor atoms. Do not mutate. */
  symbols(): Set<string> {
    if (this.symbolSet) return this.symbolSet;
    const s = new Set<string>();
    for (const a of this.atoms()) {
      const f = floorAtoms.get(a);
      if (f) for (const x of f.num.symbols()) s.add(x);
      else s.add(a);
    }
    return (this.symbolSet = s);
  }
  mentions(sym: string): boolean { return this.symbols().has(sym); }
  /** Whether toString() holds a "-": a negative coefficient, or an atom (a floor term) written with one. */
  printsMinus(): boolean {
    for (const t of this.terms.values()) if (t.coef.num < 0n) return true;
    for (const a of this.atoms()) if (a.includes("-")) return true;
    return false;
  }
  /** True when sym occurs inside a floor atom (then sums over sym have no closed form here). */
  mentionsInsideFloor(sym: string): boolean {
    for (const a of this.atoms()) { const f = floorAtoms.get(a); if (f && f.num.mentions(sym)) return true; }
    return false;
  }
  degreeIn(sym: string): number {
    let d = 0;
    for (const t of this.terms.values()) for (const [a, p] of t.factors) if (a === sym) d = Math.max(d, p);
    return d;
  }
  /** The coefficient polynomial of sym^k (k >= 0). */
  coefficientOf(sym: string, k: number): Poly {
    const m = new Map<string, Term>();
    for (const t of this.terms.values()) {
      const p = t.factors.find(([a]) => a === sym)?.[1] ?? 0;
      if (p !== k) continue;
      if (p === 0) { m.set(t.key, t); continue; }
      const f = t.factors.filter(([a]) => a !== sym);
      addInto(m, term(f, t.coef));
    }
    return new Poly(m);
  }
  /**
   * Replace symbols by polynomials, in one pass: `subst` maps a symbol to its value. Floor
   * atoms whose numerator mentions a replaced symbol are rebuilt.
   */
  private replace(subst: (sym: string) => Poly | undefined, touches: (sym: string) => boolean): Poly {
    const m = new Map<string, Term>();
    const powers = new Map<string, Poly[]>();
    const powOf = (a: string, base: Poly, p: number) => {
      let list = powers.get(a);
      if (!list) powers.set(a, (list = [Poly.ONE, base]));
      while (list.length <= p) list.push(list[list.length - 1].mul(base));
      return list[p];
    };
    for (const t of this.terms.values()) {
      if (!t.factors.some(([a]) => touches(a))) { addInto(m, t); continue; }
      let acc: Poly = Poly.constant(t.coef);
      const kept: Factor[] = [];
      for (const [a, p] of t.factors) {
        const v = subst(a);
        if (v) { acc = acc.mul(powOf(a, v, p)); continue; }
        const f = floorAtoms.get(a);
        if (f && touches(a)) { acc = acc.mul(powOf(a, Poly.floorDiv(f.num.replace(subst, touches), f.den), p)); continue; }
        kept.push([a, p]);
      }
      const keptPoly = kept.length ? new Poly(new Map([[monoKey(kept), term(kept, Rational.ONE)]])) : Poly.ONE;
      for (const x of acc.mul(keptPoly).terms.values()) addInto(m, x);
    }
    return new Poly(m);
  }
  /** Replace the symbol sym by a polynomial. Floor atoms mentioning sym are rebuilt. */
  substitute(sym: string, value: Poly): Poly {
    if (!this.mentions(sym)) return this;
    return this.replace((a) => (a === sym ? value : undefined), (a) => a === sym || (floorAtoms.get(a)?.num.mentions(sym) ?? false));
  }
  /** Bind every symbol present in the map; the rest stay symbolic. */
  bind(b: Bindings): Poly {
    let any = false;
    for (const x of this.symbols()) if (b.has(x)) { any = true; break; }
    if (!any) return this;
    const consts = new Map<string, Poly>();
    const subst = (a: string) => { const v = b.get(a); if (!v) return undefined; let c = consts.get(a); if (!c) consts.set(a, (c = Poly.constant(v))); return c; };
    const touches = (a: string): boolean => b.has(a) || [...(floorAtoms.get(a)?.num.symbols() ?? [])].some((x) => b.has(x));
    return this.replace(subst, touches);
  }
  /** Exact value, or null when some symbol is unbound (computed without building polynomials). */
  evaluate(b: Bindings): Rational | null {
    let r = Rational.ZERO;
    for (const t of this.terms.values()) {
      let v = t.coef;
      for (const [a, p] of t.factors) {
        let x = b.get(a);
        if (!x) {
          const f = floorAtoms.get(a);
          if (!f) return null;
          const inner = f.num.evaluate(b);
          if (!inner) return null;
          x = Rational.of(inner.div(Rational.of(f.den)).floor());
        }
        for (let k = 0; k < p; k++) v = v.mul(x);
      }
      r = r.add(v);
    }
    return r;
  }

  /**
   * A fast numeric evaluator over the given variables (other symbols must be bound), for
   * exact enumeration of small domains. Returns null when a symbol is neither a variable
   * nor bound. Exact while values stay below 2^53.
   */
  compile(vars: readonly string[], b: Bindings): ((x: readonly number[]) => number) | null {
    const terms: { c: number; fs: { get: (x: readonly number[]) => number; p: number; at?: number }[] }[] = [];
    for (const t of this.bind(b).terms.values()) {
      const fs: { get: (x: readonly number[]) => number; p: number; at?: number }[] = [];
      for (const [a, p] of t.factors) {
        const i = vars.indexOf(a);
        if (i >= 0) { fs.push({ get: (x) => x[i], p, at: i }); continue; }
        const f = floorAtoms.get(a);
        if (!f) return null;
        const inner = f.num.compile(vars, b);
        if (!inner) return null;
        const den = Number(f.den);
        fs.push({ get: (x) => Math.floor(inner(x) / den), p });
      }
      terms.push({ c: t.coef.toNumber(), fs });
    }
    // Constants and single loop variables alone (affine offsets, bounds and trip counts: the hot
    // path of every enumeration): flat arrays, the same operations in the same order.
    if (terms.every((t) => t.fs.length === 0 || (t.fs.length === 1 && t.fs[0].p === 1 && t.fs[0].at !== undefined))) {
      const c = terms.map((t) => t.c), at = terms.map((t) => (t.fs.length ? t.fs[0].at! : -1)), n = c.length;
      return (x) => {
        let r = 0;
        for (let k = 0; k < n; k++) r += at[k] < 0 ? c[k] : c[k] * x[at[k]];
        return r;
      };
    }
    return (x) => {
      let r = 0;
      for (const t of terms) {
        let v = t.c;
        for (const f of t.fs) v *= f.p === 1 ? f.get(x) : f.get(x) ** f.p;
        r += v;
      }
      return r;
    };
  }

  /**
   * Readable C-like text in the user's own symbols: `N*C*K*K*FH*FW`, `N*(N + 1)/2`.
   * `order` ranks symbols (first appearance in the source); unranked ones sort by name.
   */
  private printed?: { order?: (sym: string) => number; text: string };
  /** The text without an order, kept apart: analyses ask for both (a sign test, then a message). */
  private plain?: string;
  toString(order?: (sym: string) => number): string {
    if (!order) return (this.plain ??= this.print());
    if (this.printed && this.printed.order === order) return this.printed.text;
    const text = this.print(order);
    this.printed = { order, text };
    return text;
  }

  private print(order?: (sym: string) => number): string {
    if (this.terms.size === 0) return "0";
    const rank = (a: string) => (order ? order(a) : Number.MAX_SAFE_INTEGER);
    const cmpAtom = (x: string, y: string) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0);
    const fmtFactors = (fs: [string, number][]) =>
      fs.sort((x, y) => cmpAtom(x[0], y[0])).flatMap(([a, p]) => (p <= 3 ? Array(p).fill(a) : [`${a}^${p}`])).join("*");
    if (this.terms.size === 1) {
      // One term (most figures): what the general case below prints for it, without its sums.
      const t = this.terms.values().next().value!;
      const num = t.coef.num < 0n ? -t.coef.num : t.coef.num;
      const mono = fmtFactors(t.factors.map(([a, p]) => [a, p]));
      const text = (num === 1n ? mono : mono ? `${num}*${mono}` : `${num}`) || "1";
      return `${t.coef.num < 0n ? "-" : ""}${text}${t.coef.den === 1n ? "" : `/${t.coef.den}`}`;
    }
    const terms = [...this.terms.values()];
    // Common denominator and common monomial factor, to print N*(N + 1)/2 rather than N^2/2 + N/2.
    let den = 1n;
    for (const t of terms) den = lcm(den, t.coef.den);
    let content = 0n;
    for (const t of terms) content = gcd(content, (t.coef.num * den) / t.coef.den);
    if (terms.every((t) => t.coef.sign() < 0)) content = -content;
    const common = new Map<string, number>();
    terms[0].factors.forEach(([a, p]) => common.set(a, p));
    for (const t of terms.slice(1)) {
      for (const [a, p] of [...common]) {
        const q = t.factors.find(([b]) => b === a)?.[1] ?? 0;
        if (q === 0) common.delete(a); else common.set(a, Math.min(p, q));
      }
    }
    const inner = terms
      .map((t) => {
        const c = (t.coef.num * den) / t.coef.den / content;
        const fs = t.factors.map(([a, p]) => [a, p - (common.get(a) ?? 0)] as [string, number]).filter(([, p]) => p > 0);
        const degree = fs.reduce((s, [, p]) => s + p, 0);
        return { c, fs, degree, lead: fs.length ? rank(fs[0][0]) : Infinity };
      })
      .sort((x, y) => y.degree - x.degree || x.lead - y.lead);
    let body = "";
    inner.forEach(({ c, fs }, i) => {
      const mono = fmtFactors(fs);
      const mag = c < 0n ? -c : c;
      const text = mono === "" ? `${mag}` : mag === 1n ? mono : `${mag}*${mono}`;
      body += i === 0 ? (c < 0n ? `-${text}` : text) : c < 0n ? ` - ${text}` : ` + ${text}`;
    });
    const commonText = fmtFactors([...common.entries()]);
    const absContent = content < 0n ? -content : content;
    const prefixParts: string[] = [];
    if (absContent !== 1n) prefixParts.push(`${absContent}`);
    if (commonText) prefixParts.push(commonText);
    let out: string;
    if (inner.length === 1) {
      const only = inner[0];
      const mono = fmtFactors(only.fs);
      out = [...prefixParts, ...(mono ? [mono] : [])].join("*") || "1";
    } else {
      out = prefixParts.length ? `${prefixParts.join("*")}*(${body})` : body;
    }
    if (content < 0n) out = `-${inner.length > 1 && !prefixParts.length ? `(${out})` : out}`;
    if (den !== 1n) out = inner.length > 1 && !prefixParts.length ? `(${out})/${den}` : `${out}/${den}`;
    return out;
  }
}

export function floorAtomOf(atom: string): FloorAtom | undefined { return floorAtoms.get(atom); }
