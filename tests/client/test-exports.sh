#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-exports.sh — libpostmortem.so exports exactly its API: the symbols of
# libpostmortem.map, each declared in an installed header, and nothing else;
# the preload library exports only pthread_create (its interposer).
# Runs in: meson test (suite client). Usage: test-exports.sh LIB PRELOAD MAP HEADER...
set -euo pipefail
lib="$1"; preload="$2"; map="$3"; shift 3
headers=("$@")

exported=$(nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort)
listed=$(sed -n '/global:/,/local:/p' "$map" | grep -E '^\s+[A-Za-z_][A-Za-z0-9_]*;' | tr -d ' ;' | sort)

if [ "$exported" != "$listed" ]; then
  echo "exported symbols differ from $map:"
  diff <(echo "$listed") <(echo "$exported") || true
  exit 1
fi
n=$(echo "$exported" | wc -l)
for sym in $exported; do
  if ! grep -qE "\b$sym\b" "${headers[@]}"; then
    echo "exported symbol $sym is not declared in any public header"
    exit 1
  fi
done
# Outputs into variables first: with pipefail, grep -q closing a pipe early
# would make the writer's SIGPIPE decide the result.
dynsyms=$(nm -D --defined-only "$lib")
unversioned=$(grep -v ' A ' <<<"$dynsyms" | grep -v -E '@@POSTMORTEM_1\.[01]$' || true)
if [ -n "$unversioned" ]; then
  echo "a symbol without a POSTMORTEM_1.0 or POSTMORTEM_1.1 version:"; echo "$unversioned"; exit 1
fi
# The hang watchdog came in 1.1: an application that uses it needs that version.
hang=$(grep -E ' pm_hang_' <<<"$dynsyms" | grep -v '@@POSTMORTEM_1.1$' || true)
if [ -n "$hang" ]; then
  echo "a hang watchdog symbol outside POSTMORTEM_1.1:"; echo "$hang"; exit 1
fi
dynamic=$(objdump -p "$lib")
soname=$(awk '$1 == "SONAME" { print $2 }' <<<"$dynamic")
if [ "$soname" != "libpostmortem.so.1" ]; then
  echo "SONAME is '$soname', expected libpostmortem.so.1"; exit 1
fi
pre=$(nm -D --defined-only "$preload" | awk '$2 != "A" { print $3 }' | sort)
if [ "$pre" != "pthread_create" ]; then
  echo "the preload library exports more than pthread_create:"; echo "$pre"; exit 1
fi
if ! grep -qE 'NEEDED\s+libc\.so' <<<"$dynamic"; then
  echo "libpostmortem does not link libc?"; exit 1
fi
other=$(awk '$1 == "NEEDED" { print $2 }' <<<"$dynamic" | grep -v -E '^(libc\.so\.6|ld-linux-x86-64\.so\.2)$' | grep -v -E '^lib(asan|ubsan)\.so' || true)
if [ -n "$other" ]; then
  echo "libpostmortem must link libc only, but needs: $other"; exit 1
fi
echo "libpostmortem exports exactly its $n API symbols (SONAME $soname, libc only)"
