#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# client-crash-overhead.sh — what the crash handler adds to a crash, measured
# in one run against its own anchor: the same program crashing without any
# handler (process start + fault + death, as its parent sees it).
#   plain  pm-crash-plain null            no handler (the anchor)
#   stub   pm-crash-child null            handler + stand-in dumper (handler cost:
#                                         clone/exec, socket, ptrace attach, wait)
#   real   pm-crash-child null            handler + postmortem-dumper: mini dump
#                                         published into a fresh store, then death
# Prints the median, min and max over N runs and each median's ratio to plain.
# Runs in: a benchmark (meson test --benchmark --suite bench), or by hand:
#   tests/bench/client-crash-overhead.sh BUILD_DIR [N]
set -uo pipefail
build="$1"; n="${2:-30}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
plain="$build/tests/client/pm-crash-plain"
child="$build/tests/client/pm-crash-child"
stub="$build/tests/client/pm-fake-dumper"
dumper="$build/core/dumper/postmortem-dumper"

now_us() { local t=$EPOCHREALTIME; echo $(( ${t/./} )); }

run_mode() {  # run_mode NAME -> prints "median min max" in microseconds
  local mode="$1" times=() s e i
  for ((i = 0; i < n; i++)); do
    rm -rf "$tmp/store" "$tmp/rec"; mkdir -p "$tmp/rec"
    s=$(now_us)
    case "$mode" in
      plain) "$plain" null ;;
      stub)  PM_DUMPER_PATH="$stub" PM_TEST_RECORD_DIR="$tmp/rec" "$child" null ;;
      real)  PM_DUMPER_PATH="$dumper" PM_STORE_DIR="$tmp/store" "$child" null >/dev/null ;;
    esac 2>/dev/null
    e=$(now_us)
    times+=($((e - s)))
    if [ "$mode" = real ] && [ "$(ls "$tmp/store/queue" 2>/dev/null | wc -l)" -ne 1 ]; then
      echo "real: run $i did not publish exactly one report" >&2; exit 1
    fi
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'
}

read -r pm pmin pmax < <(run_mode plain)
read -r sm smin smax < <(run_mode stub)
read -r rm_ rmin rmax < <(run_mode real)
awk -v n="$n" -v pm="$pm" -v pmin="$pmin" -v pmax="$pmax" -v sm="$sm" -v smin="$smin" -v smax="$smax" \
    -v rm="$rm_" -v rmin="$rmin" -v rmax="$rmax" 'BEGIN {
  printf "crash to death, as the parent sees it (n=%d, milliseconds: median [min..max])\n", n
  printf "  plain (no handler, anchor)        %7.2f [%.2f..%.2f]\n", pm/1000, pmin/1000, pmax/1000
  printf "  handler + stand-in dumper         %7.2f [%.2f..%.2f]  %.1fx plain, +%.2f ms\n", sm/1000, smin/1000, smax/1000, sm/pm, (sm-pm)/1000
  printf "  handler + postmortem-dumper, mini %7.2f [%.2f..%.2f]  %.1fx plain, +%.2f ms (report published)\n", rm/1000, rmin/1000, rmax/1000, rm/pm, (rm-pm)/1000
}'
