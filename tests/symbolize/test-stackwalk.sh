#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-stackwalk.sh — the stack walker on real crashes.
#
# A program crashes through main -> level1 -> level2 -> crash_here under
# `postmortemctl run` (the real preload handler, dumper and store); its
# minidump is walked and must give exactly that chain, frame 0 from the
# context and the callers by CFI, for a -O0 frame-pointer build and a -O2
# -fomit-frame-pointer build; the waiting thread's stack runs through libc.
# Every thread's frame addresses must equal LLDB's `bt all`, and Breakpad's
# minidump_stackwalk (with dump_syms symbols) names the same first frames. Then the
# program file is moved away, so the dump's module has no local file: the
# same dump walks by frame pointers (-O0 build) or by stack scan (-O2 build)
# and the recovered callers keep their addresses; a FIFO planted at the
# module's path changes nothing and blocks nothing.
#
# Runs in: meson test (suite symbolize).
# A crash inside a signal handler walks through the signal frame.
# A crash 1000 calls deep stops at the 256-frame limit, all callers by CFI.
# Last, each dump's stacks are overwritten with misleading words (pointers
# into the same stack, loops, zero, all ones) 50 times: every walk stays
# bounded with an increasing stack pointer.
#
# Usage: test-stackwalk.sh PRINTER MUTATOR POSTMORTEMCTL PRELOAD DUMPER CRASHER-FP CRASHER-CFI [SANITIZER-PRELOAD]
set -uo pipefail
printer="$1"; mutator="$2"; ctl="$3"; preload="$4"; dumper="$5"; crasher_fp="$6"; crasher_cfi="$7"
sanitizer_preload="${8:-}"

command -v lldb >/dev/null || { echo "SKIP: lldb not installed (run tests/install-deps.sh)"; exit 77; }

oracles="${PM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/oracles}/node_modules/minidump/bin/linux-x64"
[ -x "$oracles/minidump_stackwalk" ] || oracles=/tmp/oracles/node_modules/minidump/bin/linux-x64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"
export PM_PRELOAD_PATH="$preload" PM_DUMPER_PATH="$dumper"
unset PM_STORE_DIR PM_DUMP_TYPE PM_SETTINGS_FILE DEBUGINFOD_URLS
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_abort=0:detect_leaks=0:abort_on_error=0"
# The source lines each frame of the chain must show (marked in the source).
src_file="${PM_SOURCE_DIR:-$(dirname "$0")/../..}/tests/symbolize/pm-sym-crasher.c"
line_of() { grep -n "pm-line:$1 " "$src_file" | cut -d: -f1; }
L_CRASH=$(line_of crash_here); L2=$(line_of level2); L1=$(line_of level1); LMAIN=$(line_of main)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# fields THREAD-KIND COLUMN FILE: one column of the frames of the crashed
# thread ("crashed") or of the other thread ("-").
fields() {
  awk -F'\t' -v kind="$1" -v col="$2" '
    $1 == "thread" { on = ($3 == kind) }
    $1 == "frame" && on { print $col }' "$3" | tr '\n' ' ' | sed 's/ $//'
}

for variant in fp cfi; do
  src="$crasher_fp"; [ "$variant" = cfi ] && src="$crasher_cfi"
  mkdir -p "$tmp/bin-$variant"
  bin="$tmp/bin-$variant/pm-sym-crasher-$variant"
  cp "$src" "$bin"
  LD_PRELOAD="$sanitizer_preload" "$ctl" run --type mini --store "$tmp/store-$variant" -- "$bin" 2>"$tmp/run-$variant.err"
  status=$?
  [ "$status" -eq 139 ] || { fail "$variant: the crasher exited $status, expected 139: $(cat "$tmp/run-$variant.err")"; continue; }
  dump=$(ls "$tmp/store-$variant"/queue/*/minidump.mdmp 2>/dev/null | head -1)
  [ -n "$dump" ] || { fail "$variant: no minidump in the store"; continue; }

  out="$tmp/walk-$variant.txt"
  "$printer" "$dump" >"$out" 2>"$tmp/walk-$variant.err" || { fail "$variant: printer failed: $(cat "$tmp/walk-$variant.err")"; continue; }
  grep -q '^error' "$out" && fail "$variant: walk errors: $(grep '^error' "$out")"

  funcs=$(fields crashed 7 "$out")
  trusts=$(fields crashed 3 "$out")
  want="crash_here level2 level1 main"
  [ "${funcs#"$want"}" != "$funcs" ] || fail "$variant: crashed thread's functions are '$funcs', expected to start '$want'"
  [ "${trusts#"context cfi cfi cfi"}" != "$trusts" ] || fail "$variant: trusts '$trusts', expected 'context cfi cfi cfi' first"
  case "$(fields crashed 8 "$out")" in
    *pm-sym-crasher.c:$L_CRASH\ *pm-sym-crasher.c:$L2\ *pm-sym-crasher.c:$L1\ *pm-sym-crasher.c:$LMAIN\ *) ;;
    *) fail "$variant: source lines of the chain: $(fields crashed 8 "$out")" ;;
  esac
  other=$(fields - 7 "$out")
  case "$other" in
    *worker_wait\ worker_main\ start_thread*) ;;
    *) fail "$variant: the waiting thread's functions are '$other', expected worker_wait worker_main start_thread" ;;
  esac
  echo "ok: $variant: crashed thread: $funcs ($trusts); other thread: $other"

  # LLDB reads the same dump (with the same local files): the same frames.
  lldb --batch -c "$dump" -o 'bt all' >"$tmp/lldb-$variant.txt" 2>&1 || fail "$variant: lldb failed: $(tail -3 "$tmp/lldb-$variant.txt")"
  ours=$(awk -F'\t' '$1 == "thread" { printf "\n" } $1 == "frame" { printf "%s ", $4 }' "$out" | sed '/^$/d; s/ $//')
  theirs=$(awk '/^ *\* thread #|^  thread #/ { printf "\n" } /frame #[0-9]+: 0x/ { sub(/.*frame #[0-9]+: /, ""); printf "%s ", $1 }' "$tmp/lldb-$variant.txt" | sed '/^$/d; s/ $//')
  [ -n "$ours" ] && [ "$ours" = "$theirs" ] \
    || fail "$variant: frames differ from LLDB's bt all:\nours:\n$ours\nlldb:\n$theirs"
  [ "$ours" = "$theirs" ] && echo "ok: $variant: every thread's frame addresses equal LLDB's ($(echo "$ours" | wc -w) frames)"

  # Breakpad's processor, given dump_syms symbols of the program (its own
  # CFI and line tables), names the same first four frames and lines.
  if [ -x "$oracles/minidump_stackwalk" ]; then
    mkdir -p "$tmp/syms-$variant"
    if "$oracles/dump_syms" "$bin" >"$tmp/sym-$variant" 2>/dev/null; then
      id=$(head -1 "$tmp/sym-$variant" | cut -d' ' -f4); name=$(head -1 "$tmp/sym-$variant" | cut -d' ' -f5)
      mkdir -p "$tmp/syms-$variant/$name/$id"; mv "$tmp/sym-$variant" "$tmp/syms-$variant/$name/$id/$name.sym"
      "$oracles/minidump_stackwalk" -m "$dump" "$tmp/syms-$variant" >"$tmp/bp-$variant.txt" 2>/dev/null
      crashed_index=$(awk -F'|' '$1 == "Crash" { print $4 }' "$tmp/bp-$variant.txt")
      bp=$(awk -F'|' -v t="$crashed_index" '$1 == t && $2 < 4 { printf "%s:%s ", $4, $6 }' "$tmp/bp-$variant.txt" | sed 's/ $//')
      mine=$(awk -F'\t' '$1 == "thread" { on = ($3 == "crashed") } $1 == "frame" && on && $2 < 4 { n = split($8, a, ":"); printf "%s:%s ", $7, a[n] }' "$out" | sed 's/ $//')
      [ -n "$bp" ] && [ "$bp" = "$mine" ] || fail "$variant: Breakpad's first frames '$bp', ours '$mine'"
      [ "$bp" = "$mine" ] && echo "ok: $variant: Breakpad's minidump_stackwalk names the same frames: $bp"
    else
      fail "$variant: dump_syms failed on $bin"
    fi
  else
    echo "note: Breakpad's minidump_stackwalk not found under $oracles; that comparison is skipped"
  fi

  # postmortemctl info shows the same walk to people and programs.
  "$ctl" info "$dump" >"$tmp/info-$variant.txt" 2>&1 || fail "$variant: postmortemctl info failed: $(tail -3 "$tmp/info-$variant.txt")"
  sed -n '/^Backtrace of the crashing thread/,/^$/p' "$tmp/info-$variant.txt" >"$tmp/bt-$variant.txt"
  grep -q 'pm-sym-crasher-'"$variant"'!crash_here+0x[0-9a-f]* (.*pm-sym-crasher.c:'"$L_CRASH"')  \[context\]' "$tmp/bt-$variant.txt" \
    && grep -q '!level2+0x[0-9a-f]* (.*pm-sym-crasher.c:'"$L2"')  \[cfi\]' "$tmp/bt-$variant.txt" \
    || fail "$variant: postmortemctl info's backtrace: $(cat "$tmp/bt-$variant.txt")"
  "$ctl" info --json "$dump" >"$tmp/info-$variant.json" 2>&1 || fail "$variant: postmortemctl info --json failed"
  json_pcs=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["threads"]:
    print(" ".join("0x%016x" % int(f["pc"], 16) for f in t["frames"]))
c = d["threads"][d["crashing_thread"]]["frames"]
assert [f["function"] for f in c[:4]] == ["crash_here", "level2", "level1", "main"], c[:4]
assert [f["trust"] for f in c[:4]] == ["context", "cfi", "cfi", "cfi"], c[:4]
assert [f["line"] for f in c[:4]] == [int(x) for x in sys.argv[2:6]], c[:4]
assert c[0]["file"].endswith("pm-sym-crasher.c"), c[0]
' "$tmp/info-$variant.json" "$L_CRASH" "$L2" "$L1" "$LMAIN" 2>&1)
  [ "$json_pcs" = "$ours" ] || fail "$variant: info --json frames differ from the walk:\n$json_pcs\n--\n$ours"
  [ "$json_pcs" = "$ours" ] && echo "ok: $variant: postmortemctl info and info --json show the walk"

  # Without the module's file: frame pointers (-O0) or a scan (-O2).
  mv "$bin" "$bin.gone"
  out2="$tmp/walk-$variant-nofile.txt"
  "$printer" "$dump" >"$out2" 2>&1 || { fail "$variant: printer failed without the module file"; continue; }
  pcs=$(fields crashed 4 "$out"); pcs2=$(fields crashed 4 "$out2")
  set -- $pcs; set -- "$@"; p0="$1"; p1="$2"; p2="$3"; p3="$4"
  t2=$(fields crashed 3 "$out2")
  if [ "$variant" = fp ]; then
    [ "${pcs2#"$p0 $p1 $p2 $p3"}" != "$pcs2" ] || fail "fp without the file: pcs '$pcs2', expected to start '$p0 $p1 $p2 $p3'"
    [ "${t2#"context frame-pointer frame-pointer frame-pointer"}" != "$t2" ] || fail "fp without the file: trusts '$t2'"
    echo "ok: fp without the module file: the chain by frame pointers ($t2)"
  else
    [ "${pcs2#"$p0 $p1"}" != "$pcs2" ] || fail "cfi without the file: pcs '$pcs2', expected to start '$p0 $p1'"
    [ "${t2#"context scan"}" != "$t2" ] || fail "cfi without the file: trusts '$t2', expected 'context scan' first"
    echo "ok: cfi without the module file: level2 found by scan ($t2)"
  fi
  [ "$(fields crashed 7 "$out2" | cut -d' ' -f1)" = "-" ] || fail "$variant: a function name without the module file: $(fields crashed 7 "$out2")"
  # A FIFO planted where the module was: not opened for reading, no block,
  # the same walk as without the file.
  mkfifo "$bin"
  if timeout 20 "$printer" "$dump" >"$tmp/walk-$variant-fifo.txt" 2>&1; then
    cmp -s "$out2" "$tmp/walk-$variant-fifo.txt" || fail "$variant: a FIFO at the module's path changed the walk"
    echo "ok: $variant: a FIFO at the module's path is not read (same walk as without the file)"
  else
    fail "$variant: the printer failed or blocked with a FIFO at the module's path"
  fi
  rm -f "$bin"

  seed=$RANDOM
  if m=$("$mutator" "$dump" 50 "$seed" 2>&1); then echo "ok: $variant: $m (seed $seed)"; else fail "$variant: mutated stacks (seed $seed): $m"; fi
  n=$(grep -c '^frame' "$out2")
  [ "$n" -le 512 ] || fail "$variant: $n frames for two threads"
done

# 1000 nested calls: the walk stops at the frame limit, every caller by CFI.
LD_PRELOAD="$sanitizer_preload" "$ctl" run --type mini --store "$tmp/store-deep" -- "$crasher_cfi" recurse 2>"$tmp/run-deep.err"
status=$?
dump=$(ls "$tmp/store-deep"/queue/*/minidump.mdmp 2>/dev/null | head -1)
if [ "$status" -ne 139 ] || [ -z "$dump" ]; then
  fail "deep recursion: exit $status, dump '$dump': $(cat "$tmp/run-deep.err")"
else
  "$printer" "$dump" >"$tmp/walk-deep.txt" 2>&1 || fail "deep recursion: printer failed"
  n=$(awk -F'\t' '$1 == "thread" { on = ($3 == "crashed") } $1 == "frame" && on' "$tmp/walk-deep.txt" | wc -l)
  n_rec=$(awk -F'\t' '$1 == "thread" { on = ($3 == "crashed") } $1 == "frame" && on && $7 == "recurse_down" && $3 == "cfi"' "$tmp/walk-deep.txt" | wc -l)
  [ "$n" -eq 256 ] && [ "$n_rec" -eq 255 ] \
    || fail "deep recursion: $n frames ($n_rec recurse_down by CFI), expected 256 (255)"
  [ "$n" -eq 256 ] && echo "ok: 1000 nested calls: the walk stops at 256 frames (crash_here + 255 recurse_down by CFI)"
fi

# A crash in a signal handler: the walk crosses the kernel's signal frame
# (libc's __restore_rt, whose CFI reads the saved registers) back to the
# interrupted level1_signal, with LLDB's addresses.
LD_PRELOAD="$sanitizer_preload" "$ctl" run --type mini --store "$tmp/store-signal" -- "$crasher_cfi" signal 2>"$tmp/run-signal.err"
status=$?
dump=$(ls "$tmp/store-signal"/queue/*/minidump.mdmp 2>/dev/null | head -1)
if [ "$status" -ne 139 ] || [ -z "$dump" ]; then
  fail "signal handler: exit $status, dump '$dump': $(cat "$tmp/run-signal.err")"
else
  "$printer" "$dump" >"$tmp/walk-signal.txt" 2>&1 || fail "signal handler: printer failed"
  funcs=$(fields crashed 7 "$tmp/walk-signal.txt"); trusts=$(fields crashed 3 "$tmp/walk-signal.txt")
  case "$funcs" in
    "crash_here on_usr1 __restore_rt "*" level1_signal main "*) ;;
    *) fail "signal handler: functions '$funcs'" ;;
  esac
  case "$trusts" in *frame-pointer*|*scan*) fail "signal handler: not all by CFI: $trusts" ;; esac
  lldb --batch -c "$dump" -o 'bt' >"$tmp/lldb-signal.txt" 2>&1 || fail "signal handler: lldb failed"
  theirs=$(awk '/frame #[0-9]+: 0x/ { sub(/.*frame #[0-9]+: /, ""); printf "%s ", $1 }' "$tmp/lldb-signal.txt" | sed 's/ $//')
  ours=$(fields crashed 4 "$tmp/walk-signal.txt")
  [ -n "$ours" ] && [ "$ours" = "$theirs" ] || fail "signal handler: frames differ from LLDB's bt:\nours:  $ours\nlldb:  $theirs"
  [ "$ours" = "$theirs" ] && echo "ok: crash in a signal handler: $funcs ($trusts), addresses equal LLDB's"
fi

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all stack walks as expected"
