#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# The test command of the README (and of CI, .ci/run): installs what is missing,
# builds, and runs every test (the GUI ones in a real window under Xvfb), then
# runs them again under AddressSanitizer + UndefinedBehaviorSanitizer.
#   tests/run-tests.sh            everything
#   PM_SKIP_SANITIZERS=1 ...      the plain build only (quicker, for development)
#
# Every test is in suite 'quick' (unit and component tests, about 2 minutes here)
# or 'slow' (the oracles LLDB and Breakpad, the GUI over AT-SPI, crash storms, the
# 300 MB upload); `meson test -C build --suite quick` is the one to run while working.
#
# The sanitizer pass runs the quick suite, fuzz targets included, with LeakSanitizer
# on: a leak in our code fails the test. tests/lsan.supp holds the few suppressions,
# each for a system library's allocation that lives until exit, never for ours. The
# slow suite runs with leak detection off: it crashes instrumented processes on
# purpose (a process killed by its crash is not a leak, and LSan cannot tell), and
# drives the whole application over AT-SPI, where GTK, fontconfig, Mesa and the
# accessibility bridge keep allocations to exit; everything it runs of ours is
# checked for leaks by the quick suite.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"

"$top/tests/install-deps.sh"

export PM_ORACLE_DIR="${PM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/oracles}"
# Cairo rendering and no GL: Mesa's EGL driver is never loaded (quicker, and its
# allocations stay out of LeakSanitizer's report).
export GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_DEBUG=gl-disable NO_AT_BRIDGE=0

build() {
  local builddir="$1"; shift
  if [ -d "$builddir" ]; then
    meson setup --reconfigure "$builddir" "$@" >/dev/null
  else
    meson setup "$builddir" "$@" >/dev/null
  fi
  meson compile -C "$builddir"
}

# run_tests BUILDDIR [meson test options]
run_tests() {
  local builddir="$1"; shift
  # xvfb-run outside, dbus-run-session inside: otherwise clicks get lost.
  xvfb-run -a -s '-screen 0 1280x800x24' \
    dbus-run-session -- meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@"
}

# The names of the failed tests of a meson test log (testlog.json) if every one of them
# failed only because LeakSanitizer's tracer crashed; fails (status 1) otherwise.
lsan_tracer_crashes() {
  python3 - "$1" <<'EOF'
import json, sys
names, other = [], []
for line in open(sys.argv[1]):
    t = json.loads(line)
    if t["result"] in ("OK", "SKIP", "EXPECTEDFAIL"):
        continue
    out = (t.get("stdout") or "") + (t.get("stderr") or "")
    (names if "Tracer caught signal" in out and "ERROR: LeakSanitizer: detected" not in out
     else other).append(t["name"].split(" / ", 1)[1])
if other or not names:
    sys.exit(1)
print(" ".join(names))
EOF
}

build build -Dwerror=true
run_tests build

if [ -z "${PM_SKIP_SANITIZERS:-}" ]; then
  echo "== the tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
  build build-sanitize -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
  asan_options="abort_on_error=1:${ASAN_OPTIONS:-}"
  export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
  # intercept_tls_get_addr=0: with GCC 12's runtime and glibc 2.36, LeakSanitizer's
  # tracer dereferences a stale dynamic-TLS record of a dlopen()ed library that uses
  # __thread (libdw in postmortemctl's walker module, GIO's TLS module) and dies with
  # "Tracer caught signal 11" at every exit. Leaks are still found; memory that only a
  # library's dynamic TLS points to is then not scanned, and none of ours is.
  asan_options="intercept_tls_get_addr=0:$asan_options"
  if ! ASAN_OPTIONS="detect_leaks=1:$asan_options" run_tests build-sanitize --suite quick --timeout-multiplier 3; then
    # LeakSanitizer's own tracer may still crash at exit on a loaded machine ("Tracer
    # caught signal 11", google/sanitizers#1353): no leak was found, nothing failed. The
    # tests that failed that way and no other are run once more; any other failure stands.
    retry="$(lsan_tracer_crashes build-sanitize/meson-logs/testlog.json)"
    echo "== once more, after LeakSanitizer's tracer crashed: $retry =="
    # shellcheck disable=SC2086  # one test name per word
    ASAN_OPTIONS="detect_leaks=1:$asan_options" run_tests build-sanitize --timeout-multiplier 3 $retry
  fi
  ASAN_OPTIONS="detect_leaks=0:$asan_options" \
    run_tests build-sanitize --suite slow --timeout-multiplier 3
fi
