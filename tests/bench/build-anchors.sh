#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# build-anchors.sh — builds the programs the dumper benchmark measures itself
# against, in a scratch folder (never in the source tree, never committed):
#   Breakpad's pid2md and core2md, from the Breakpad sources shipped inside
#   the npm package "minidump" (deps/breakpad, with LSS in deps/third_party/lss);
#   gdb's gcore comes from the system (tests/install-deps.sh installs gdb).
#
# Runs in: a developer's shell or tests/bench/dumper-bench.sh.
#   tests/bench/build-anchors.sh [SCRATCH]
# SCRATCH defaults to ${XDG_CACHE_HOME:-~/.cache}/postmortem/anchors. The
# only download is the npm package (when $PM_ORACLE_DIR does not have it).
# Prints the path of pid2md on its last line (core2md is next to it, in
# src/tools/linux/core2md/). Safe to run again: built tools are reused.
set -euo pipefail

scratch="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/anchors}"
oracle_dir="${PM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/oracles}"
pid2md="$scratch/breakpad/src/tools/linux/pid2md/pid2md"
core2md="$scratch/breakpad/src/tools/linux/core2md/core2md"

mkdir -p "$scratch"
if [ -x "$pid2md" ] && [ -x "$core2md" ]; then
  echo "$pid2md"
  exit 0
fi

# The npm package: from the oracle folder when it is there, else fetched
# into the scratch folder (its install script wants yarn: skip scripts).
pkg=""
for d in "$oracle_dir" /tmp/oracles "$scratch/npm"; do
  if [ -d "$d/node_modules/minidump/deps/breakpad" ]; then pkg="$d/node_modules/minidump"; break; fi
done
if [ -z "$pkg" ]; then
  echo "build-anchors: fetching the npm package minidump into $scratch/npm" >&2
  mkdir -p "$scratch/npm"
  (cd "$scratch/npm" && npm install --silent --no-audit --no-fund --ignore-scripts minidump >/dev/null)
  pkg="$scratch/npm/node_modules/minidump"
fi

# Built in a folder of its own and renamed into place when done, so two runs
# at once (two benchmarks, two people sharing a cache) never build in, or
# delete, each other's tree.
work="$(mktemp -d "$scratch/breakpad.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "build-anchors: building Breakpad's pid2md and core2md in $work (about a minute)" >&2
cp -a "$pkg/deps/breakpad" "$work/breakpad"
# Breakpad expects Linux Syscall Support under src/third_party/lss.
if [ ! -e "$work/breakpad/src/third_party/lss/linux_syscall_support.h" ]; then
  mkdir -p "$work/breakpad/src/third_party"
  rm -rf "$work/breakpad/src/third_party/lss"
  cp -a "$pkg/deps/third_party/lss" "$work/breakpad/src/third_party/lss"
fi
(
  cd "$work/breakpad"
  ./configure --disable-processor CXXFLAGS="-g -O2 -Wno-error=deprecated" CFLAGS="-g -O2" >"$work/configure.log" 2>&1
  make -j2 src/tools/linux/pid2md/pid2md src/tools/linux/core2md/core2md >"$work/make.log" 2>&1
) || { cp "$work"/*.log "$scratch/" 2>/dev/null
       echo "build-anchors: the Breakpad build failed; see $scratch/configure.log and $scratch/make.log" >&2; exit 1; }
# Another run may have finished first: keep its tree (a complete one).
if [ ! -x "$pid2md" ] || [ ! -x "$core2md" ]; then
  rm -rf "$scratch/breakpad"
  mv -T "$work/breakpad" "$scratch/breakpad" 2>/dev/null || { [ -x "$pid2md" ] && [ -x "$core2md" ]; }
fi
echo "$pid2md"
