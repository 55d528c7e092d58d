// Long synchronous work in a test worker (gcc runs with execFileSync, thousands of rewrites
// computed at import) keeps the worker from reading vitest's RPC replies; a reply unread for
// 60 s fails the run with `Timeout calling "onTaskUpdate"` although every test passed (it did so
// in CI: compiles.test.ts's full set took 89 s at import). Work of that size yields between items.

/** Resolves on a fresh macrotask, after the event loop has read what is pending (RPC replies). */
export const nextMacrotask = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** `xs.flatMap(f)`, yielding to the event loop after each item. */
export async function flatMapYielding<T, U>(xs: readonly T[], f: (x: T) => U[]): Promise<U[]> {
  const out: U[] = [];
  for (const x of xs) { out.push(...f(x)); await nextMacrotask(); }
  return out;
}
