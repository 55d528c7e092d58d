#!/usr/bin/env bash
# Installs Debian's neovim (0.7.2 on bookworm) for the headless Neovim test
# (server/test/neovim.test.ts), when it is missing. CI runs it before npm test; without it the
# test is skipped and says so.
set -euo pipefail
command -v nvim >/dev/null && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends neovim >/dev/null
nvim --version | head -1
