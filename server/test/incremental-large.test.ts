// The incremental property test (incremental.test.ts) on a generated large file: 60 nests,
// a long edit sequence. Its own file so that it runs next to the samples' sequences.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateLargeC } from "../../scripts/gen-large-c";
import { AVOID, logTotals, maxSteps, OPS_PER_SEQUENCE, record, run, seedFor, setup } from "./harness/incremental";
import { sizeFor } from "./helpers/sample";

beforeAll(async () => { await setup(); });
afterEach(() => { vi.restoreAllMocks(); });
afterAll(logTotals);

describe("incremental report equals a fresh analysis after random edits", () => {
  it("generated large file (60 nests)", () => {
    const { text } = generateLargeC({ nests: 60 });
    const seed = seedFor("large");
    const t0 = performance.now();
    // Each step analyses the 60-nest file afresh: npm test stops after 8 steps (a long sequence
    // with LOOPSMITH_FULL=1, a step of .ci/run).
    const stats = run({ name: "generateLargeC({nests: 60})", text, seed, ops: OPS_PER_SEQUENCE, maxSteps: sizeFor(8, maxSteps(90)), large: true, avoid: AVOID, actionsEvery: 40 });
    record(stats, performance.now() - t0);
    expect(stats.edits).toBeGreaterThan(OPS_PER_SEQUENCE / 2);
  });
});
