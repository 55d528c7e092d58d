// `loopsmith` command line: analyze (text or --json). Built on engine/index.ts only.
// Exit codes: 0 success, 1 a file cannot be read, 2 usage error.

import { readFileSync } from "node:fs";
import { Engine, type FileReport } from "../engine";
import { formatFile } from "./format";

const USAGE = `usage: loopsmith analyze [--json] [-D NAME=VALUE]... FILE...   (FILE - reads standard input)
       loopsmith lsp [--stdio]                                   (language server for any LSP editor)

Prints, for every loop nest in each C file: loops and trip counts, MACs, FLOPs by kind,
array strides per loop, footprints, compulsory traffic, arithmetic intensity and a
1 GHz / 1 MAC-per-cycle time estimate.

  --json             print the report as JSON (contract version 1)
  -D NAME=VALUE      bind a symbol (a parameter, a VLA size) to an integer; repeatable
  -h, --help         this text
  --version          print the version`;

export const VERSION = "0.1.0";

interface Io { out: (s: string) => void; err: (s: string) => void; read: (path: string) => string }
const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  read: (p) => readFileSync(p === "-" || p === "/dev/stdin" ? 0 : p, "utf8"),
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "-h" || command === "--help" || command === "help") {
    (command ? io.out : io.err)(USAGE + "\n");
    return command ? 0 : 2;
  }
  if (command === "--version") { io.out(`loopsmith ${VERSION}\n`); return 0; }
  if (command === "lsp") {
    // The language server is its own bundle next to this one (server/dist/server.js): the
    // CLI bundle stays free of LSP code. It reads its transport from argv (stdio by default).
    require(require("node:path").join(__dirname, "server.js"));
    return new Promise<number>(() => {});
  }
  if (command !== "analyze") {
    io.err(`loopsmith: unknown command '${command}'\n\n${USAGE}\n`);
    return 2;
  }
  let json = false;
  const defines: Record<string, bigint> = {};
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--json") json = true;
    else if (a === "-h" || a === "--help") { io.out(USAGE + "\n"); return 0; }
    else if (a === "-D" || a.startsWith("-D")) {
      const spec = a === "-D" ? rest[++i] : a.slice(2);
      const m = spec ? /^([A-Za-z_]\w*)=(-?\d+)$/.exec(spec) : null;
      if (!m) { io.err(`loopsmith: -D expects NAME=INTEGER, got '${spec ?? ""}'\n`); return 2; }
      defines[m[1]] = BigInt(m[2]);
    } else if (a.startsWith("-") && a !== "-") { io.err(`loopsmith: unknown option '${a}'\n\n${USAGE}\n`); return 2; }
    else files.push(a);
  }
  if (files.length === 0) { io.err(`loopsmith: analyze needs at least one FILE\n\n${USAGE}\n`); return 2; }

  const engine = await Engine.create();
  const reports: FileReport[] = [];
  let failed = false;
  for (const file of files) {
    let text: string;
    try { text = io.read(file); }
    catch (e) {
      io.err(`loopsmith: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}\n`);
      failed = true;
      continue;
    }
    const r = engine.analyze(text, { file, defines });
    reports.push(r);
    for (const p of r.problems) if (json) io.err(`${file}:${p.line}: ${p.severity}: ${p.message}\n`);
  }
  if (json) io.out(JSON.stringify({ version: 1, files: reports }, null, 2) + "\n");
  else io.out(reports.map(formatFile).join("\n\n") + (reports.length ? "\n" : ""));
  return failed ? 1 : 0;
}
