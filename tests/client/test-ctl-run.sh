#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-ctl-run.sh — `postmortemctl run`: its command line (usage errors exit
# 2 with a message naming the problem, a missing preload library exits 1),
# exit statuses pass through unchanged, LD_PRELOAD is extended not replaced,
# --type reaches the dumper (a heap dump), and a crash under run leaves one
# report in the --store directory.
# Runs in: meson test (suite client).
# Usage: test-ctl-run.sh POSTMORTEMCTL PRELOAD DUMPER CRASH-PLAIN [SANITIZE]
set -uo pipefail
ctl="$1"; preload="$2"; dumper="$3"; plain="$4"; sanitize="${5:-none}"
# A sanitizer build's preload library can only go into uninstrumented
# programs (/bin/sh) behind the sanitizer runtimes, which must come first.
base=""
if [ "$sanitize" != "none" ]; then
  for rt in asan ubsan; do
    lib=$(${CC:-cc} -print-file-name=lib$rt.so)
    [ -e "$lib" ] && base="$base${base:+:}$lib"
  done
  export LD_PRELOAD="$base"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
export PM_PRELOAD_PATH="$preload" PM_DUMPER_PATH="$dumper"
unset PM_STORE_DIR PM_DUMP_TYPE PM_SETTINGS_FILE
# Crashes on purpose below: let our handler, not ASan's, take them.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_abort=0:detect_leaks=0:abort_on_error=0"
fail() { echo "FAIL: $*"; exit 1; }

expect_usage() {  # expect_usage "message part" ARGS...
  local want="$1"; shift
  local err status
  err=$("$ctl" run "$@" 2>&1 >/dev/null); status=$?
  [ "$status" -eq 2 ] || fail "postmortemctl run $* exited $status, expected 2 (usage)"
  grep -qF -- "$want" <<<"$err" || fail "postmortemctl run $*: message '$err' does not say '$want'"
  echo "ok: run $* -> usage: $(head -1 <<<"$err")"
}
expect_usage "no program" 
expect_usage "no program" --type mini --
expect_usage "is not micro, mini, heap or triage" --type huge -- /bin/true
expect_usage "needs a value" --type
expect_usage "not a number of milliseconds" --timeout-ms 0 -- /bin/true
expect_usage "not a number of milliseconds" --timeout-ms abc -- /bin/true
expect_usage "unknown option" --frobnicate -- /bin/true
expect_usage "store directory is empty" --store "" -- /bin/true

err=$(PM_PRELOAD_PATH=/nonexistent/libpostmortem-preload.so "$ctl" run -- /bin/true 2>&1); status=$?
[ "$status" -eq 1 ] || fail "a missing preload library gave $status, expected 1"
grep -qF "/nonexistent/libpostmortem-preload.so" <<<"$err" || fail "the message does not name the library: $err"
err=$("$ctl" run -- /nonexistent/program 2>&1); status=$?
[ "$status" -eq 1 ] || fail "a missing program gave $status, expected 1"
grep -qF "/nonexistent/program" <<<"$err" || fail "the message does not name the program: $err"
echo "ok: missing library / program -> exit 1 with the name"

# Exit statuses pass through; the environment is as documented.
"$ctl" run -- /bin/sh -c 'exit 7'; status=$?
[ "$status" -eq 7 ] || fail "exit 7 came back as $status"
out=$(LD_PRELOAD="$base${base:+:}libfoo-none.so" "$ctl" run --type heap --timeout-ms 1234 --store "$tmp/s" -- \
      /bin/sh -c 'echo "$LD_PRELOAD|$PM_DUMP_TYPE|$PM_DUMPER_TIMEOUT_MS|$PM_STORE_DIR"' 2>/dev/null)
[ "$out" = "$base${base:+:}libfoo-none.so:$preload|heap|1234|$tmp/s" ] || fail "environment was '$out'"
echo "ok: exit status and environment"

# A crash under run: one report, of the type asked for (not the default,
# mini). A heap dump of a sanitizer process would copy its shadow memory, so
# sanitizer builds ask for a micro dump instead.
type=heap; wer_type=HeapDump
if [ "$sanitize" != "none" ]; then type=micro; wer_type=MicroDump; fi
"$ctl" run --type "$type" --store "$tmp/store" -- "$plain" null 2>/dev/null; status=$?
[ "$status" -eq 139 ] || fail "the crashing program's status was $status, expected 139 (SIGSEGV)"
n=$(ls "$tmp/store/queue" | wc -l)
[ "$n" -eq 1 ] || fail "$n reports in the store, expected 1"
grep -qx "File\\[0\\].Type=$wer_type" "$tmp/store/queue"/*/Report.wer || fail "not a $type dump: $(grep 'File\[0\]' "$tmp/store/queue"/*/Report.wer)"
grep -qx 'AppName=pm-crash-plain' "$tmp/store/queue"/*/Report.wer || fail "wrong AppName"
echo "ok: crash under run -> one $type dump report"

# A program that does not crash leaves nothing behind.
"$ctl" run --store "$tmp/store2" -- "$plain" exit0 || fail "exit0 failed"
[ ! -d "$tmp/store2/queue" ] || [ -z "$(ls "$tmp/store2/queue")" ] || fail "a report without a crash"
echo "ok: no crash, no report"
