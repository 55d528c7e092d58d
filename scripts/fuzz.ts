// `npm run fuzz [-- --minutes M] [--seed S] [--large] [--dump DIR] [--limit-ms MS]`: the
// language-server fuzzer (server/test/harness/fuzz.ts) against the built server, printing
// documents, edits, requests, failures, max latency and the server's RSS range. Exit 1 when
// anything failed. --limit-ms: a request slower than MS fails (default 1000), to catch the
// slowest cases for --replay.
// Each failing sequence is written whole to DIR (default fuzz-failures/): its document and every
// step. `npm run fuzz -- --replay FILE` runs one again and prints each request's time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatStats, fuzz, fuzzCorpus, replay, type Dump } from "../server/test/harness/fuzz";

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const server = [...(process.env.LOOPSMITH_FUZZ_NODE_ARGS ?? "").split(" ").filter(Boolean), join(__dirname, "server.js"), "--stdio"];
const replayFile = flag("--replay");
if (replayFile) {
  const dump = JSON.parse(readFileSync(replayFile, "utf8")) as Dump;
  console.log(`replay: seed ${dump.seed}, sequence ${dump.sequence}, ${dump.steps.length} steps; it failed with:\n  ${dump.failures.map((f) => f.split("\n")[0]).join("\n  ")}`);
  replay(dump, server, (l) => console.log(l)).then(() => process.exit(0), (e) => { console.error(e); process.exit(4); });
}
const minutes = Number(flag("--minutes") ?? 1);
const seed = Number(flag("--seed") ?? Date.now() % 1_000_000);
const limit = Number(flag("--limit-ms") ?? 1000);
if (!Number.isFinite(minutes) || minutes <= 0 || !Number.isInteger(seed) || !(limit > 0)) {
  console.error("usage: npm run fuzz -- [--minutes M] [--seed S] [--large] [--dump DIR] [--limit-ms MS] | --replay FILE");
  process.exit(2);
}
const corpus = fuzzCorpus(join(__dirname, "..", ".."));

if (!replayFile) console.log(`fuzz: seed ${seed}, ${minutes} min, ${corpus.length} corpus files${args.includes("--large") ? ", large documents" : ""}`);
if (!replayFile) fuzz({ seed, ms: minutes * 60_000, serverArgs: server, corpus, large: args.includes("--large"), rssLimitMiB: 1024, latencyLimitMs: limit, log: (l) => console.log(l), dumpDir: flag("--dump") ?? "fuzz-failures" })
  .then((s) => {
    console.log(formatStats(s));
    for (const f of s.failures.slice(0, 20)) console.log(`\n${f}`);
    process.exit(s.failures.length ? 1 : 0);
  }, (e) => { console.error(e); process.exit(4); });
