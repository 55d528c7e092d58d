// The order symbols are printed in (`H*W`, not `W*H`): the file's own names (defines, globals,
// struct fields: ir/facts.ts ranks them by first appearance) first, then every other symbol
// (parameters, locals named as sizes, fields read through a parameter) by its first appearance
// in the function being reported. It depends only on the text, never on which functions were
// lowered before: an incremental analysis prints what a fresh one prints.

/** A rank function for Poly.toString/toC. */
export function functionOrder(fileOrder: ReadonlyMap<string, number>, fnText?: string): (s: string) => number {
  const seen = new Map<string, number>();
  return (s) => {
    const r = fileOrder.get(s);
    if (r !== undefined) return r;
    if (!fnText) return Number.MAX_SAFE_INTEGER;
    let k = seen.get(s);
    if (k === undefined) {
      const m = new RegExp(`(?<![\\w.>])${s.replace(/[^\w]/g, (c) => `\\${c}`).replace(/\\-\\>/g, "\\s*->\\s*").replace(/\\\./g, "\\s*\\.\\s*")}(?!\\w)`).exec(fnText);
      k = m ? 1e9 + m.index : Number.MAX_SAFE_INTEGER;
      seen.set(s, k);
    }
    return k;
  };
}
