// Bounded work. A request from an editor gets a budget (a deadline, a cancellation flag); the
// long searches (dependence tests, loop-order search, the offers at a cursor) call check()
// between steps, which throws OutOfBudget once the budget is spent. The facade (index.ts)
// catches it and answers "not computed" instead of running on. Work is synchronous and
// single-threaded, so the budget in force is ambient: withBudget() sets it for one call.

export interface Budget {
  /** True once the work should stop (deadline passed, or the request was cancelled). */
  isCancelled(): boolean;
}

export class OutOfBudget extends Error {
  constructor() { super("not computed: the work ran past its time budget (the nest is too large, or the request was cancelled)"); }
}

let current: Budget | null = null;

/** A budget of `ms` milliseconds from now, also spent when `cancelled()` says so. */
export function deadlineBudget(ms: number, cancelled: () => boolean = () => false): Budget {
  const end = performance.now() + ms;
  return { isCancelled: () => cancelled() || performance.now() > end };
}

/** Runs `work` under `budget` (nested calls keep the tighter, outer one in force too). */
export function withBudget<T>(budget: Budget | undefined, work: () => T): T {
  if (!budget) return work();
  const outer = current;
  current = outer ? { isCancelled: () => outer.isCancelled() || budget.isCancelled() } : budget;
  try { return work(); } finally { current = outer; }
}

/** Throws OutOfBudget when the budget in force is spent. Cheap: call it between steps. */
export function check(): void {
  if (current?.isCancelled()) throw new OutOfBudget();
}

/** Runs `work` with no budget in force: work whose result is cached (a function's analysis)
 *  is finished once rather than abandoned and redone by every request that needs it. */
export function unbounded<T>(work: () => T): T {
  const outer = current;
  current = null;
  try { return work(); } finally { current = outer; }
}
