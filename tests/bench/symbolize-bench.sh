#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# symbolize-bench.sh — how long walking and symbolising every thread of a
# real crash dump takes, against anchors measured in the same run on the
# same dump: LLDB 14's `bt all` (loads the same local modules, unwinds with
# their CFI) and Breakpad's minidump_stackwalk (with dump_syms symbols of the
# crashing program; it scans where it has no CFI). Best of 5 wall times per
# tool, including process start-up; ratios are ours / theirs.
#
# Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench symbolize`.
# Usage: symbolize-bench.sh PRINTER POSTMORTEMCTL PRELOAD DUMPER CRASHER
set -uo pipefail
printer="$1"; ctl="$2"; preload="$3"; dumper="$4"; crasher="$5"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"
export PM_PRELOAD_PATH="$preload" PM_DUMPER_PATH="$dumper"
unset PM_STORE_DIR PM_DUMP_TYPE PM_SETTINGS_FILE DEBUGINFOD_URLS

oracles="${PM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/oracles}/node_modules/minidump/bin/linux-x64"
[ -x "$oracles/minidump_stackwalk" ] || oracles=/tmp/oracles/node_modules/minidump/bin/linux-x64

"$ctl" run --type mini --store "$tmp/store" -- "$crasher" 2>/dev/null
dump=$(ls "$tmp"/store/queue/*/minidump.mdmp 2>/dev/null | head -1)
[ -n "$dump" ] || { echo "no dump was written"; exit 1; }

best() {  # best NAME CMD...: best of 5 wall times in ms
  local b=999999 t0 t1 ms
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 )); [ "$ms" -lt "$b" ] && b=$ms
  done
  echo "$b"
}
ours=$(best "$printer" "$dump")
frames=$("$printer" "$dump" | grep -c '^frame')
echo "postmortem walk (pm-stackwalk-print): ${ours} ms for $frames frames"
if command -v lldb >/dev/null; then
  lldb_ms=$(best lldb --batch -c "$dump" -o 'bt all')
  echo "lldb bt all:                          ${lldb_ms} ms  (ratio ours/lldb $(awk -v a="$ours" -v b="$lldb_ms" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }'))"
fi
if [ -x "$oracles/minidump_stackwalk" ]; then
  mkdir -p "$tmp/syms"
  "$oracles/dump_syms" "$crasher" >"$tmp/sym" 2>/dev/null && {
    id=$(head -1 "$tmp/sym" | cut -d' ' -f4); name=$(head -1 "$tmp/sym" | cut -d' ' -f5)
    mkdir -p "$tmp/syms/$name/$id"; mv "$tmp/sym" "$tmp/syms/$name/$id/$name.sym"; }
  bp_ms=$(best "$oracles/minidump_stackwalk" "$dump" "$tmp/syms")
  echo "breakpad minidump_stackwalk:          ${bp_ms} ms  (ratio ours/breakpad $(awk -v a="$ours" -v b="$bp_ms" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }'))"
fi
