# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# pm-dumper-test-lib.sh — shared helpers of the dumper tests (sourced, not run).
#
# Runs in: the test scripts of tests/dumper, under meson test (test_env gives
# PM_BUILD_DIR, PM_SOURCE_DIR; PM_ORACLE_DIR names where Breakpad's processor
# is, see tests/install-deps.sh).
#
# The oracles are independent readers: LLDB 14 and Breakpad's
# minidump_stackwalk / minidump_dump / dump_syms. A dump passes only if they
# read it and show what the test knows to be true.

set -u

PM_TEST_FAILURES=0
PM_TEST_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

pm_fail ()
{
  echo "FAIL: $*" >&2
  PM_TEST_FAILURES=$((PM_TEST_FAILURES + 1))
}

pm_pass ()
{
  echo "ok: $*"
}

pm_skip ()
{
  echo "SKIP: $*"
  exit 77
}

# Finds Breakpad's tools: $PM_ORACLE_DIR, else the cache default, else
# /tmp/oracles (the development machines).
pm_find_oracles ()
{
  local dir="${PM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/oracles}"
  local sub=node_modules/minidump/bin/linux-x64
  if [ ! -x "$dir/$sub/minidump_stackwalk" ] && [ -x /tmp/oracles/$sub/minidump_stackwalk ]; then
    dir=/tmp/oracles
  fi
  BREAKPAD_BIN="$dir/$sub"
  [ -x "$BREAKPAD_BIN/minidump_stackwalk" ] || pm_skip "Breakpad's minidump_stackwalk not found under $dir (run tests/install-deps.sh)"
  command -v lldb >/dev/null || pm_skip "lldb not installed (run tests/install-deps.sh)"
}

# An isolated HOME/XDG tree for this test, removed at exit.
pm_isolate ()
{
  PM_TEST_TMP="$(mktemp -d "${TMPDIR:-/tmp}/pm-dumper-test.XXXXXX")"
  export HOME="$PM_TEST_TMP/home" XDG_DATA_HOME="$PM_TEST_TMP/data" \
         XDG_CONFIG_HOME="$PM_TEST_TMP/config" XDG_CACHE_HOME_SAVED="${XDG_CACHE_HOME:-}" \
         XDG_RUNTIME_DIR="$PM_TEST_TMP/run"
  mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  trap 'pm_cleanup' EXIT
}

pm_cleanup ()
{
  if [ -n "${PM_TARGET_PID:-}" ]; then
    kill "$PM_TARGET_PID" 2>/dev/null
    wait "$PM_TARGET_PID" 2>/dev/null
  fi
  if [ "${PM_KEEP_TMP:-}" = "" ]; then rm -rf "$PM_TEST_TMP"; else echo "kept $PM_TEST_TMP"; fi
}

# Makes Breakpad symbols for a binary in $PM_TEST_TMP/syms.
pm_make_symbols ()
{
  local bin="$1" header id name
  mkdir -p "$PM_TEST_TMP/syms"
  "$BREAKPAD_BIN/dump_syms" "$bin" > "$PM_TEST_TMP/sym.tmp" 2>/dev/null || { pm_fail "dump_syms $bin"; return; }
  header="$(head -1 "$PM_TEST_TMP/sym.tmp")"
  id="$(echo "$header" | cut -d' ' -f4)"
  name="$(echo "$header" | cut -d' ' -f5)"
  mkdir -p "$PM_TEST_TMP/syms/$name/$id"
  mv "$PM_TEST_TMP/sym.tmp" "$PM_TEST_TMP/syms/$name/$id/$name.sym"
}

# Runs LLDB on a dump; output in $PM_LLDB_OUT. Extra lldb commands as args.
pm_lldb ()
{
  local dump="$1"; shift
  local cmds=()
  for c in "$@"; do cmds+=(-o "$c"); done
  PM_LLDB_OUT="$(timeout 120 lldb --no-lldbinit --batch -c "$dump" "${cmds[@]}" 2>&1)"
  local rc=$?
  if [ $rc -ne 0 ] || ! echo "$PM_LLDB_OUT" | grep -q "was loaded"; then
    pm_fail "LLDB could not load $dump (exit $rc)"
    echo "$PM_LLDB_OUT" | head -20 >&2
    return 1
  fi
  return 0
}

# Runs minidump_stackwalk -m; output in $PM_SW_OUT. Fails on any complaint
# in its stderr other than its INFO chatter (it exits 0 even when a thread
# context is unreadable, so stderr is where problems show).
# pm_stackwalk DUMP [--walk-may-end-early]: the option also lets through
# the walker's own complaints (CFI evaluation in postfix_evaluator, the
# AMD64 stack walker) for threads caught at odd instants, e.g. a thread in
# the middle of clone(); minidump parsing and context errors still fail.
pm_stackwalk ()
{
  local dump="$1"
  local lenient="${2:-}"
  PM_SW_OUT="$(timeout 120 "$BREAKPAD_BIN/minidump_stackwalk" -m "$dump" "$PM_TEST_TMP/syms" 2>"$PM_TEST_TMP/sw.err")"
  local rc=$?
  local complaints
  # With CFI symbols for libc, Breakpad ends each walk at clone3/_start,
  # whose CFI marks the return address undefined, with an ERROR "invalid
  # rip/rsp" from its stack walker: that is the end of a stack, not a dump
  # problem, and it is the only complaint let through.
  complaints="$(grep -v -E ': INFO: |stackwalker_amd64\.cc:[0-9]+: ERROR: invalid rip/rsp$' "$PM_TEST_TMP/sw.err" | grep -v '^$')"
  if [ "$lenient" = --walk-may-end-early ]; then
    complaints="$(echo "$complaints" | grep -v -E '(postfix_evaluator-inl\.h|stackwalker_amd64\.cc|stackwalker\.cc):[0-9]+: ERROR: ' | grep -v '^$')"
  fi
  if [ $rc -ne 0 ]; then
    pm_fail "minidump_stackwalk failed on $dump (exit $rc)"; head -20 "$PM_TEST_TMP/sw.err" >&2; return 1
  fi
  if [ -n "$complaints" ]; then
    pm_fail "minidump_stackwalk complained about $dump:"; echo "$complaints" | head -20 >&2; return 1
  fi
  # Context trouble is sometimes only an INFO line; the only context line a
  # good AMD64 dump produces is "looks like AMD64 context".
  complaints="$(grep -i 'context' "$PM_TEST_TMP/sw.err" | grep -v 'looks like AMD64 context')"
  if [ -n "$complaints" ]; then
    pm_fail "minidump_stackwalk reports a context problem in $dump:"; echo "$complaints" | head >&2; return 1
  fi
  return 0
}

# ASAN_OPTIONS for a program that crashes on purpose in a sanitizer build:
# its crash must reach libpostmortem's handler, not the sanitizer's. (The
# dumper it starts inherits them; memory errors in it are still reported.)
# The stream rules LLDB and Breakpad rely on, checked from the bytes (pm-check-dump.py).
pm_check_rules ()
{
  local dump="$1"; shift
  local out
  if out="$(python3 "$PM_TEST_LIB_DIR/pm-check-dump.py" "$dump" "$@" 2>&1)"; then
    pm_pass "$(basename "$dump"): follows the stream rules"
  else
    pm_fail "$(basename "$dump") breaks the stream rules:"; echo "$out" >&2
  fi
}

pm_crash_asan_options ()
{
  echo "${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0:handle_sigtrap=0:use_sigaltstack=0:detect_leaks=0:abort_on_error=0"
}

pm_expect ()
{
  # pm_expect DESCRIPTION TEXT REGEX
  if echo "$2" | grep -q -E -- "$3"; then pm_pass "$1"; else pm_fail "$1: /$3/ not found"; echo "$2" | head -40 >&2; fi
}

pm_expect_not ()
{
  if echo "$2" | grep -q -E -- "$3"; then pm_fail "$1: /$3/ found"; echo "$2" | grep -E -- "$3" | head -5 >&2; else pm_pass "$1"; fi
}

pm_finish ()
{
  if [ "$PM_TEST_FAILURES" -gt 0 ]; then
    echo "$PM_TEST_FAILURES check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
