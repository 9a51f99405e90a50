#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-stackwalk-inline.sh — inline frames from DWARF on a real crash.
#
# A -O2 -g program crashes in store_through, inlined into fill_record,
# inlined into process_record (a real frame), called from main, under
# `postmortemctl run` (the real preload handler, dumper and store). Its
# minidump is walked: the crashing thread must start with store_through and
# fill_record as inline frames (same pc, sp and module offset as the real
# frame), then process_record from the context and main by CFI, each at the
# line it executes; its function names, in order, must be LLDB's `bt` for
# the program's frames, and LLDB must show as many frames. postmortemctl
# info prints the inline frames as [inline] and info --json gives them trust
# "inline". Without the program's file (no DWARF) there is no inline frame.
# 1000 nested calls, each made from an inlined function, stop at the
# 256-frame limit with inline frames counted: the last frame is a real one
# (its inline frame left out), never an inline frame without its own.
#
# Runs in: meson test (suite symbolize).
#
# Usage: test-stackwalk-inline.sh PRINTER POSTMORTEMCTL PRELOAD DUMPER CRASHER [SANITIZER-PRELOAD]
set -uo pipefail
printer="$1"; ctl="$2"; preload="$3"; dumper="$4"; crasher="$5"
sanitizer_preload="${6:-}"

command -v lldb >/dev/null || { echo "SKIP: lldb not installed (run tests/install-deps.sh)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"
export PM_PRELOAD_PATH="$preload" PM_DUMPER_PATH="$dumper"
unset PM_STORE_DIR PM_DUMP_TYPE PM_SETTINGS_FILE DEBUGINFOD_URLS
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_abort=0:detect_leaks=0:abort_on_error=0"
# The source lines each frame must show (marked in the source).
src_file="${PM_SOURCE_DIR:-$(dirname "$0")/../..}/tests/symbolize/pm-inline-crasher.c"
line_of() { grep -n "pm-line:$1 " "$src_file" | cut -d: -f1; }
L_STORE=$(line_of store_through); L_FILL=$(line_of fill_record); L_PROC=$(line_of process_record); L_MAIN=$(line_of main)
L_ONCE=$(line_of descend_once); L_DESCEND=$(line_of descend); L_DESCEND_CRASH=$(line_of descend_crash)
failures=0
fail() { echo -e "FAIL: $*"; failures=$((failures + 1)); }

# crashed COLUMN FILE: one column of the crashed thread's frames.
crashed() {
  awk -F'\t' -v col="$1" '
    $1 == "thread" { on = ($3 == "crashed") }
    $1 == "frame" && on { print $col }' "$2" | tr '\n' ' ' | sed 's/ $//'
}

mkdir -p "$tmp/bin"
bin="$tmp/bin/pm-inline-crasher"
cp "$crasher" "$bin"
LD_PRELOAD="$sanitizer_preload" "$ctl" run --type mini --store "$tmp/store" -- "$bin" 2>"$tmp/run.err"
status=$?
[ "$status" -eq 139 ] || { fail "the crasher exited $status, expected 139: $(cat "$tmp/run.err")"; exit 1; }
dump=$(ls "$tmp/store"/queue/*/minidump.mdmp 2>/dev/null | head -1)
[ -n "$dump" ] || { fail "no minidump in the store"; exit 1; }

out="$tmp/walk.txt"
"$printer" "$dump" >"$out" 2>"$tmp/walk.err" || { fail "printer failed: $(cat "$tmp/walk.err")"; exit 1; }
grep -q '^error' "$out" && fail "walk errors: $(grep '^error' "$out")"

before=$failures
funcs=$(crashed 7 "$out"); trusts=$(crashed 3 "$out")
want="store_through fill_record process_record main"
[ "${funcs#"$want"}" != "$funcs" ] || fail "crashed thread's functions are '$funcs', expected to start '$want'"
[ "${trusts#"inline inline context cfi"}" != "$trusts" ] || fail "trusts '$trusts', expected 'inline inline context cfi' first"
case "$(crashed 8 "$out")" in
  *pm-inline-crasher.c:$L_STORE\ *pm-inline-crasher.c:$L_FILL\ *pm-inline-crasher.c:$L_PROC\ *pm-inline-crasher.c:$L_MAIN\ *) ;;
  *) fail "source lines (expected $L_STORE $L_FILL $L_PROC $L_MAIN): $(crashed 8 "$out")" ;;
esac
# The inline frames are the real frame's place: same pc, sp and module.
same=$(awk -F'\t' '$1 == "thread" { on = ($3 == "crashed") } $1 == "frame" && on && $2 < 3 { print $4, $5, $6 }' "$out" | sort -u | wc -l)
[ "$same" -eq 1 ] || fail "the inline frames and process_record differ in pc, sp or module: $(head -4 "$out")"
[ "$(grep -c '^frame.*	inline	' "$out")" -eq 2 ] || fail "inline frames other than the two expected: $(grep '	inline	' "$out")"
[ "$failures" -eq "$before" ] && echo "ok: crashed thread: $funcs ($trusts), lines $L_STORE $L_FILL $L_PROC $L_MAIN"

# LLDB reads the same dump with the same files and shows inlined frames too
# ("process_record [inlined] store_through(...)"). It names libc's frames by
# their DWARF names (__libc_start_main_impl) where every libdw frame of the
# walker has its symbol table name (__libc_start_main), so names are compared
# for the program's own frames, and the number of frames for all of them.
lldb --batch -c "$dump" -o 'bt' >"$tmp/lldb.txt" 2>&1 || fail "lldb failed: $(tail -3 "$tmp/lldb.txt")"
lldb_frames=$(awk '/frame #[0-9]+: 0x/ {
    sub(/.*frame #[0-9]+: 0x[0-9a-f]+ /, "")
    module = $0; sub(/`.*/, "", module)
    name = $0; sub(/^[^`]*`/, "", name); sub(/.*\[inlined\] /, "", name); sub(/[( ].*/, "", name)
    print module "`" name }' "$tmp/lldb.txt")
theirs=$(echo "$lldb_frames" | awk -F'`' '$1 == "pm-inline-crasher" { print $2 }' | tr '\n' ' ' | sed 's/ $//')
ours=$(awk -F'\t' '$1 == "thread" { on = ($3 == "crashed") } $1 == "frame" && on && $6 == "pm-inline-crasher" { print $7 }' "$out" | tr '\n' ' ' | sed 's/ $//')
[ -n "$ours" ] && [ "$ours" = "$theirs" ] || fail "the program's frames differ from LLDB's bt:\nours: $ours\nlldb: $theirs\n$(cat "$tmp/lldb.txt")"
n_ours=$(echo "$funcs" | wc -w); n_theirs=$(echo "$lldb_frames" | grep -c .)
[ "$n_ours" -eq "$n_theirs" ] || fail "$n_ours frames, LLDB's bt has $n_theirs:\n$(cat "$tmp/lldb.txt")"
[ "$ours" = "$theirs" ] && [ "$n_ours" -eq "$n_theirs" ] && echo "ok: LLDB's bt names the same frames in the same order: $theirs ($n_theirs frames)"

# postmortemctl info shows them to people and programs.
"$ctl" info "$dump" >"$tmp/info.txt" 2>&1 || fail "postmortemctl info failed: $(tail -3 "$tmp/info.txt")"
sed -n '/^Backtrace of the crashing thread/,/^$/p' "$tmp/info.txt" >"$tmp/bt.txt"
grep -q '#0 .*pm-inline-crasher!store_through+0x0 (.*pm-inline-crasher.c:'"$L_STORE"')  \[inline\]$' "$tmp/bt.txt" \
  && grep -q '#1 .*pm-inline-crasher!fill_record+0x0 (.*pm-inline-crasher.c:'"$L_FILL"')  \[inline\]$' "$tmp/bt.txt" \
  && grep -q '#2 .*pm-inline-crasher!process_record+0x[0-9a-f]* (.*pm-inline-crasher.c:'"$L_PROC"')  \[context\]$' "$tmp/bt.txt" \
  && grep -q '#3 .*pm-inline-crasher!main+0x[0-9a-f]* (.*pm-inline-crasher.c:'"$L_MAIN"')  \[cfi\]$' "$tmp/bt.txt" \
  && echo "ok: postmortemctl info prints the inline frames" \
  || fail "postmortemctl info's backtrace: $(cat "$tmp/bt.txt")"
"$ctl" info --json "$dump" >"$tmp/info.json" 2>&1 || fail "postmortemctl info --json failed"
if msg=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = d["threads"][d["crashing_thread"]]["frames"]
assert [f["function"] for f in c[:4]] == ["store_through", "fill_record", "process_record", "main"], c[:4]
assert [f["trust"] for f in c[:4]] == ["inline", "inline", "context", "cfi"], c[:4]
assert [f["line"] for f in c[:4]] == [int(x) for x in sys.argv[2:6]], c[:4]
assert all(f["file"].endswith("pm-inline-crasher.c") for f in c[:4]), c[:4]
assert len({(f["pc"], f["sp"], f["module"], f["module_offset"]) for f in c[:3]}) == 1, c[:3]
' "$tmp/info.json" "$L_STORE" "$L_FILL" "$L_PROC" "$L_MAIN" 2>&1); then
  echo "ok: postmortemctl info --json gives the inline frames"
else
  fail "postmortemctl info --json: $msg"
fi

# Without the program's file there is no DWARF, so no inline frame.
mv "$bin" "$bin.gone"
"$printer" "$dump" >"$tmp/walk-nofile.txt" 2>&1 || fail "printer failed without the program's file"
t2=$(crashed 3 "$tmp/walk-nofile.txt")
case "$t2" in
  context\ *) case "$t2" in *inline*) fail "inline frames without the program's file: $t2" ;; *) echo "ok: without the program's file, no inline frame ($t2)" ;; esac ;;
  *) fail "without the program's file the walk starts '$t2'" ;;
esac

# 1000 levels, two frames each (descend_once inline, descend by CFI) after
# the three of the crash (store_through, fill_record, descend): the limit
# leaves room for the 255th frame's real function only.
LD_PRELOAD="$sanitizer_preload" "$ctl" run --type mini --store "$tmp/store-deep" -- "$crasher" recurse 2>"$tmp/run-deep.err"
status=$?
dump=$(ls "$tmp/store-deep"/queue/*/minidump.mdmp 2>/dev/null | head -1)
if [ "$status" -ne 139 ] || [ -z "$dump" ]; then
  fail "deep recursion: exit $status, dump '$dump': $(cat "$tmp/run-deep.err")"
else
  "$printer" "$dump" >"$tmp/walk-deep.txt" 2>&1 || fail "deep recursion: printer failed"
  deep=$(awk -F'\t' '$1 == "thread" { on = ($3 == "crashed") } $1 == "frame" && on { n = split($8, a, ":"); print $2, $3, $7, a[n] }' "$tmp/walk-deep.txt")
  want=$(awk -v once="$L_ONCE" -v descend="$L_DESCEND" -v crash="$L_DESCEND_CRASH" -v store="$L_STORE" -v fill="$L_FILL" 'BEGIN {
    print 0, "inline", "store_through", store; print 1, "inline", "fill_record", fill
    print 2, "context", "descend", crash
    for (i = 3; i < 255; i += 2) { print i, "inline", "descend_once", once; print i + 1, "cfi", "descend", descend }
    print 255, "cfi", "descend", descend }')
  [ "$deep" = "$want" ] && echo "ok: 1000 nested calls from inlined code: 256 frames, inline frames counted, the last one real" \
    || fail "deep recursion through inlined calls: frames differ from the expected:\n$(diff <(echo "$want") <(echo "$deep") | head -20)"
fi

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all inline frames as expected"
