// `npm run fuzz [-- --minutes M] [--seed S] [--large]`: the language-server fuzzer
// (server/test/harness/fuzz.ts) against the built server, printing documents, edits,
// requests, failures, max latency and the server's RSS range. Exit 1 when anything failed.
import { join } from "node:path";
import { formatStats, fuzz, fuzzCorpus } from "../server/test/harness/fuzz";

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const minutes = Number(flag("--minutes") ?? 1);
const seed = Number(flag("--seed") ?? Date.now() % 1_000_000);
if (!Number.isFinite(minutes) || minutes <= 0 || !Number.isInteger(seed)) {
  console.error("usage: npm run fuzz -- [--minutes M] [--seed S] [--large]");
  process.exit(2);
}
const corpus = fuzzCorpus(join(__dirname, "..", ".."));

console.log(`fuzz: seed ${seed}, ${minutes} min, ${corpus.length} corpus files${args.includes("--large") ? ", large documents" : ""}`);
fuzz({ seed, ms: minutes * 60_000, serverArgs: [join(__dirname, "server.js"), "--stdio"], corpus, large: args.includes("--large"), rssLimitMiB: 1024, log: (l) => console.log(l) })
  .then((s) => {
    console.log(formatStats(s));
    for (const f of s.failures.slice(0, 20)) console.log(`\n${f}`);
    process.exit(s.failures.length ? 1 : 0);
  }, (e) => { console.error(e); process.exit(4); });
