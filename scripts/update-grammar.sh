#!/usr/bin/env bash
# Refresh grammars/tree-sitter-c.wasm from the tree-sitter-c npm package (it ships the wasm).
set -euo pipefail
version="${1:?usage: scripts/update-grammar.sh VERSION}"
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
(cd "$tmp" && npm pack "tree-sitter-c@$version" >/dev/null && tar xzf "tree-sitter-c-$version.tgz")
cp "$tmp/package/tree-sitter-c.wasm" "$here/grammars/tree-sitter-c.wasm"
cp "$tmp/package/LICENSE" "$here/grammars/LICENSE.tree-sitter-c"
sha256sum "$here/grammars/tree-sitter-c.wasm"
echo "now update the version and sha256 in grammars/PROVENANCE.md"
