// Setup file (vitest.config.ts): every test starts on a fresh macrotask. Tests that run gcc
// synchronously would otherwise run back to back in one macrotask, so the worker could not read
// vitest's RPC replies for a whole file; on a loaded machine its `onTaskUpdate` call then times
// out and the run exits 1 although every test passed (helpers/macrotask.ts).
import { beforeEach } from "vitest";
import { nextMacrotask } from "./macrotask";

beforeEach(nextMacrotask);
