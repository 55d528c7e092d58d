// A short seeded run of the language-server fuzzer (server/test/harness/fuzz.ts; `npm run fuzz`
// runs it for longer): no error answer to a well-formed request, the server never exits, the
// incremental report equals a fresh one after every edit sequence, RSS stays bounded.
// Latency is checked loosely here (a loaded CI machine); `npm run fuzz` holds it to 1 s.
// npm test runs a fixed number of sequences (the same work however loaded the machine is);
// LOOPSMITH_FULL=1 (a step of .ci/run) fuzzes for a minute.

import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/engine";
import { serverBundle } from "./helpers/lspClient";
import { formatStats, fuzz, fuzzCorpus } from "./harness/fuzz";
import { FULL } from "./helpers/sample";

const SEQUENCES = 30;

describe("fuzzer (seeded, short)", () => {
  it(`mutated documents and edit sequences (${SEQUENCES} in npm test, a minute's worth in CI): no error, no crash, incremental == fresh`, async () => {
    const seed = Number(process.env.LOOPSMITH_FUZZ_SEED ?? 20261202);
    const stats = await fuzz({
      seed, serverArgs: [serverBundle, "--stdio"],
      ...(FULL || process.env.LOOPSMITH_FUZZ_MS ? { ms: Number(process.env.LOOPSMITH_FUZZ_MS ?? 60_000) } : { ms: 150_000, sequences: SEQUENCES }),
      corpus: fuzzCorpus(repoRoot),
      rssLimitMiB: 1024, latencyLimitMs: 10_000,
    });
    console.log(formatStats(stats));
    expect(stats.failures, stats.failures.join("\n\n")).toEqual([]);
    if (FULL || process.env.LOOPSMITH_FUZZ_MS) expect(stats.documents).toBeGreaterThan(20);
    else expect(stats.documents).toBe(SEQUENCES);
    expect(stats.comparisons).toBe(stats.documents);
  }, 240_000);
});
