// Exact rationals over bigint. Invariant: den > 0 and gcd(|num|, den) = 1.
// Every figure Loopsmith reports is computed with these; floats appear only when a
// final value is printed or a time is estimated.

export class Rational {
  private constructor(readonly num: bigint, readonly den: bigint) {}

  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError("Rational with zero denominator");
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n < 0n ? -n : n, d);
    return g > 1n ? new Rational(n / g, d / g) : new Rational(n, d);
  }

  static readonly ZERO = Rational.of(0n);
  static readonly ONE = Rational.of(1n);

  isZero(): boolean { return this.num === 0n; }
  isInteger(): boolean { return this.den === 1n; }
  sign(): number { return this.num > 0n ? 1 : this.num < 0n ? -1 : 0; }
  // Integer fast paths (most coefficients are integers): no gcd needed.
  add(o: Rational): Rational { return this.den === 1n && o.den === 1n ? new Rational(this.num + o.num, 1n) : Rational.of(this.num * o.den + o.num * this.den, this.den * o.den); }
  sub(o: Rational): Rational { return this.den === 1n && o.den === 1n ? new Rational(this.num - o.num, 1n) : Rational.of(this.num * o.den - o.num * this.den, this.den * o.den); }
  mul(o: Rational): Rational { return this.den === 1n && o.den === 1n ? new Rational(this.num * o.num, 1n) : Rational.of(this.num * o.num, this.den * o.den); }
  div(o: Rational): Rational { return Rational.of(this.num * o.den, this.den * o.num); }
  neg(): Rational { return new Rational(-this.num, this.den); }
  equals(o: Rational): boolean { return this.num === o.num && this.den === o.den; }
  compare(o: Rational): number { const d = this.num * o.den - o.num * this.den; return d > 0n ? 1 : d < 0n ? -1 : 0; }

  /** Largest integer <= this. */
  floor(): bigint {
    const q = this.num / this.den;
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  toNumber(): number { return this.den === 1n ? Number(this.num) : Number(this.num) / Number(this.den); }
  toString(): string { return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`; }
}

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function lcm(a: bigint, b: bigint): bigint {
  return a === 0n || b === 0n ? 0n : (a / gcd(a, b)) * b;
}
