#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-pkgconfig.sh — a program compiles and links with nothing but
# `pkg-config --cflags --libs postmortem-1` (the uninstalled .pc file of this
# build tree), and runs against the shared library.
# Runs in: meson test (suite client).
# Usage: test-pkgconfig.sh BUILD_ROOT SOURCE.c [SANITIZE]   (SANITIZE: meson's b_sanitize)
set -euo pipefail
build_root="$1"; source="$2"; sanitize="${3:-none}"
extra=()
# A library built with sanitizers needs their runtime in the program too.
if [ "$sanitize" != "none" ]; then extra=("-fsanitize=$sanitize"); fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PKG_CONFIG_PATH="$build_root/meson-uninstalled"
flags=$(pkg-config --cflags --libs postmortem-1)
echo "pkg-config postmortem-1: $flags"
# Only the public headers are reachable: the private ones are not needed.
${CC:-cc} -std=c99 -Wall -Wextra -Werror "${extra[@]}" -o "$tmp/program" "$source" $flags
export LD_LIBRARY_PATH="$build_root/core/client${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
PM_DUMPER_PATH=/bin/true "$tmp/program"
# (Into a variable first: with pipefail, grep -q closing the pipe early
# would make ldd's SIGPIPE fail the check.)
libs=$(ldd "$tmp/program")
grep -q 'libpostmortem.so.1 => .*/core/client/libpostmortem.so.1' <<<"$libs" || {
  echo "the program did not load the build tree's libpostmortem.so.1:"; echo "$libs"; exit 1; }
