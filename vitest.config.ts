import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Rough cost of the slowest files in seconds on a loaded 2-core machine, as npm test runs them
 * (the generated sets sampled: helpers/sample.ts; setup and collection included: compiles.test.ts
 * and optimize.test.ts do much of their work at import, which vitest's own duration cache does not
 * count). Longest first, so that neither worker is left with a long file at the end; the others
 * follow in vitest's order. Only the order depends on these numbers.
 */
const COST: Record<string, number> = {
  "lsp.test.ts": 27, "compiles.test.ts": 25, "optimize.test.ts": 22, "transform.test.ts": 18, "unseen-dl.test.ts": 14, "traffic.test.ts": 12,
  "unseen.test.ts": 11, "cli-target.test.ts": 10, "incremental.test.ts": 7, "depth.test.ts": 7, "realcode.test.ts": 6, "tileSizes.test.ts": 6,
  "relayout.test.ts": 6, "incremental-large.test.ts": 6, "jsnames.test.ts": 5, "omp.test.ts": 5,
};
const costOf = (s: TestSpecification) => COST[s.moduleId.replace(/.*[\\/]/, "")] ?? 0;

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    return base.map((s, i) => [s, i] as const).sort((a, b) => costOf(b[0]) - costOf(a[0]) || a[1] - b[1]).map(([s]) => s);
  }
}

export default defineConfig({
  test: {
    include: ["server/test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Two workers on a 2-core machine (vitest's default leaves one core to the main process, which
    // only waits): the suites' gcc runs and the language-server tests overlap instead of queueing.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // A worker runs file after file (node_modules imports and the worker start are paid once per
    // worker, not per file: ~0.6 s of CPU per file here). No test file mocks a module or leaves
    // global state behind (spies are restored); one that must would need `isolate: true` back.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    setupFiles: ["server/test/helpers/yieldBetweenTests.ts"],
  },
});
