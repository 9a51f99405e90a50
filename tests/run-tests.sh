#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# The test command of the README: installs what is missing, builds, and runs
# every test (the GUI ones in a real window under Xvfb), then runs the whole
# suite once more under AddressSanitizer + UndefinedBehaviorSanitizer.
#   tests/run-tests.sh            everything
#   PM_SKIP_SANITIZERS=1 ...      the plain build only (quicker, for development)
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"

"$top/tests/install-deps.sh"

export PM_ORACLE_DIR="${PM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/oracles}"
export GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=0

run_suite() {
  local builddir="$1"; shift
  if [ -d "$builddir" ]; then
    meson setup --reconfigure "$builddir" "$@" >/dev/null
  else
    meson setup "$builddir" "$@" >/dev/null
  fi
  meson compile -C "$builddir"
  # xvfb-run outside, dbus-run-session inside: otherwise clicks get lost.
  xvfb-run -a -s '-screen 0 1280x800x24' \
    dbus-run-session -- meson test -C "$builddir" --print-errorlogs --num-processes 2
}

run_suite build -Dwerror=true

if [ -z "${PM_SKIP_SANITIZERS:-}" ]; then
  echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
  export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:${ASAN_OPTIONS:-}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
  run_suite build-sanitize -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
fi
