import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    setupFiles: ["server/test/helpers/yieldBetweenTests.ts"],
  },
});
