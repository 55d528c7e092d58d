// Bundles the CLI, the language server and the benchmarks into server/dist and the VS Code
// client into client/dist with esbuild, and copies the two wasm files the parser needs next
// to the server bundles.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "server", "package.json"));
const dist = join(root, "server", "dist");
mkdirSync(dist, { recursive: true });

const entries = {
  cli: "server/src/cli/main.ts",
  server: "server/src/server.ts",
  "plan-worker": "server/src/lsp/planWorker.ts",
  "bench-lsp": "scripts/bench-lsp.ts",
  "bench-engine": "scripts/bench-engine.ts",
  "bench-kernels": "scripts/bench-kernels.ts",
  fuzz: "scripts/fuzz.ts",
  "validate-cache": "scripts/validate-cache.ts",
};
const entryPoints = Object.fromEntries(
  Object.entries(entries).filter(([, p]) => existsSync(join(root, p))).map(([k, p]) => [k, join(root, p)]),
);

await build({
  entryPoints,
  outdir: dist,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  // web-tree-sitter's module calls createRequire(import.meta.url): give the CJS bundle one.
  define: { "import.meta.url": "__importMetaUrl" },
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

// The client runs inside VS Code's extension host: `vscode` is provided there.
await build({
  entryPoints: { extension: join(root, "client", "src", "extension.ts") },
  outdir: join(root, "client", "dist"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: ["vscode"],
  logLevel: "warning",
});

copyFileSync(join(dirname(require.resolve("web-tree-sitter")), "web-tree-sitter.wasm"), join(dist, "web-tree-sitter.wasm"));
copyFileSync(join(root, "grammars", "tree-sitter-c.wasm"), join(dist, "tree-sitter-c.wasm"));
