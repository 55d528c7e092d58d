#!/usr/bin/env node
// Entry point of the `loopsmith` command: runs the bundled CLI built by `npm run build`.
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const bundle = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(bundle)) {
  process.stderr.write("loopsmith: the CLI is not built yet; run `npm install` (or `npm run build`) at the repository root.\n");
  process.exit(1);
}
require(bundle).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
