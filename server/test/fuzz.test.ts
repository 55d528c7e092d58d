// A short seeded run of the language-server fuzzer (server/test/harness/fuzz.ts; `npm run fuzz`
// runs it for longer): no error answer to a well-formed request, the server never exits, the
// incremental report equals a fresh one after every edit sequence, RSS stays bounded.
// Latency is checked loosely here (a loaded CI machine); `npm run fuzz` holds it to 1 s.

import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/engine";
import { serverBundle } from "./helpers/lspClient";
import { formatStats, fuzz, fuzzCorpus } from "./harness/fuzz";

describe("fuzzer (seeded, short)", () => {
  it("hundreds of mutated documents and edit sequences: no error, no crash, incremental == fresh", async () => {
    const seed = Number(process.env.LOOPSMITH_FUZZ_SEED ?? 20261202);
    const stats = await fuzz({
      seed, ms: Number(process.env.LOOPSMITH_FUZZ_MS ?? 20_000), serverArgs: [serverBundle, "--stdio"],
      corpus: fuzzCorpus(repoRoot),
      rssLimitMiB: 1024, latencyLimitMs: 10_000,
    });
    console.log(formatStats(stats));
    expect(stats.failures, stats.failures.join("\n\n")).toEqual([]);
    expect(stats.documents).toBeGreaterThan(20);
    expect(stats.comparisons).toBe(stats.documents);
  }, 120_000);
});
