#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-corpus.sh — every third-party dump of ../shared/corpus walks without
# crashing (also under ASan/UBSan in sanitizer builds) and within bounds: at
# most 256 frames a thread, the stack pointer increasing from frame to frame
# (it may stay put only from frame 0 to frame 1, a leaf on ARM), frame 0 from
# the context; dumps of a CPU the walker does not know get a message that says
# so, unreadable files a message from the reader. The modules of
# these dumps are not on this machine, so callers come from frame pointers
# or scans (and CFI where a system library happens to match).
#
# Runs in: meson test (suite symbolize). Skips (77) without the corpus.
# Usage: test-corpus.sh PRINTER
set -uo pipefail
printer="$1"
corpus="${PM_CORPUS_DIR:-}"
[ -n "$corpus" ] && [ -d "$corpus" ] || { echo "SKIP: no corpus at '${corpus}' (PM_CORPUS_DIR)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_CACHE_HOME="$tmp/cache"
unset DEBUGINFOD_URLS
failures=0; walked=0; n=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for dump in "$corpus"/*.dmp; do
  [ -e "$dump" ] || continue
  n=$((n + 1))
  name=$(basename "$dump")
  timeout 60 "$printer" "$dump" >"$tmp/out" 2>"$tmp/err"; status=$?
  case "$status" in
    0) ;;
    1) [ -s "$tmp/err" ] || fail "$name: exit 1 without a message"
       echo "ok: $name: refused by the reader: $(head -c 160 "$tmp/err")"; continue ;;
    *) fail "$name: printer exited $status: $(tail -3 "$tmp/err")"; continue ;;
  esac
  if grep -q '^error' "$tmp/out"; then
    grep -q '^error	stack walking supports x86, AMD64, ARM and ARM64 dumps; this dump.s CPU is unknown' "$tmp/out" \
      || fail "$name: unexpected error: $(grep -m1 '^error' "$tmp/out")"
  fi
  check=$(awk -F'\t' '
    $1 == "thread" { frames = 0; last = "" }
    $1 == "frame" {
      frames++
      if (frames > 256) { print "more than 256 frames in thread"; exit }
      if ($2 == 0 && $3 != "context") { print "frame 0 trust " $3; exit }
      if ($2 > 0 && $3 != "cfi" && $3 != "frame-pointer" && $3 != "scan") { print "trust " $3; exit }
      sp = $5; gsub(/^0x/, "", sp)
      if (last != "" && (sp < last || (sp == last && $2 > 1))) { print "sp not increasing at frame " $2 ": " $5; exit }
      last = sp
    }' "$tmp/out")
  [ -z "$check" ] || fail "$name: $check"
  frames=$(grep -c '^frame' "$tmp/out"); threads=$(grep -c '^thread' "$tmp/out")
  [ "$frames" -gt 0 ] && walked=$((walked + 1))
  echo "ok: $name: $threads thread(s), $frames frame(s)$(grep -m1 '^error' "$tmp/out" | sed 's/^error\t/; /')"
done
[ "$n" -gt 0 ] || { echo "SKIP: no .dmp files in $corpus"; exit 77; }
[ "$walked" -gt 0 ] || fail "no corpus dump gave a single frame"
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all $n corpus dumps handled ($walked walked)"
