#!/usr/bin/env bash
# Installs the editors the client tests drive headless, when missing: Debian's neovim (0.7.2 on
# bookworm: server/test/neovim.test.ts) and Emacs with eglot (emacs-nox 28.2, elpa-eglot 1.9:
# server/test/emacs.test.ts). CI runs it before npm test; a test whose editor is missing is
# skipped and says so.
set -euo pipefail
missing=()
command -v nvim >/dev/null || missing+=(neovim)
if ! command -v emacs >/dev/null; then missing+=(emacs-nox elpa-eglot)
elif ! emacs --batch --eval "(require 'eglot)" >/dev/null 2>&1; then missing+=(elpa-eglot); fi
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v nvim >/dev/null && nvim --version | head -1
command -v emacs >/dev/null && emacs --version | head -1
