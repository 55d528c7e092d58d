import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Two workers on a 2-core machine (vitest's default leaves one core to the main process, which
    // only waits): the suites' gcc runs and the language-server tests overlap instead of queueing.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    setupFiles: ["server/test/helpers/yieldBetweenTests.ts"],
  },
});
