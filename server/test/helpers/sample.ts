// Large generated sets in `npm test`: a deterministic sample; the whole set with LOOPSMITH_FULL=1
// (.ci/run runs those files again that way, and adds their counts to its summary line).
// An item is kept by a hash of its name, not its index: adding a file does not reshuffle the
// sample, and a failure in the sample reproduces by name.

/** True when the whole of every generated set runs (LOOPSMITH_FULL=1). */
export const FULL = process.env.LOOPSMITH_FULL === "1";

/** FNV-1a of `name`: the same on every machine and run. */
function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Every item under LOOPSMITH_FULL=1; otherwise about one in `every` (by the hash of its name),
 * plus every item `keep` holds.
 */
export function sampled<T>(items: readonly T[], nameOf: (t: T) => string, every: number, keep: (t: T) => boolean = () => false): T[] {
  if (FULL || every <= 1) return [...items];
  return items.filter((t) => keep(t) || hash(nameOf(t)) % every === 0);
}

/**
 * A `keep` for `sampled`: true for the first item of each group (`groupOf`, in the order of
 * `items`), so that every group (a kernel, a fixture family, a target) keeps one representative.
 */
export function firstOfEach<T>(items: readonly T[], groupOf: (t: T) => string): (t: T) => boolean {
  const first = new Map<string, T>();
  for (const t of items) if (!first.has(groupOf(t))) first.set(groupOf(t), t);
  const firsts = new Set(first.values());
  return (t) => firsts.has(t);
}

/** `full` under LOOPSMITH_FULL=1, else `quick`: a count or a budget of a generated set. */
export const sizeFor = <T>(quick: T, full: T): T => (FULL ? full : quick);
