#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-installed-headers.sh — libpostmortem-store as a packager installs it and another
# program uses it: `meson install --destdir` into a temporary directory, then a C++
# program compiled with nothing but `pkg-config --cflags --libs postmortem-store-1` of that
# installation (warnings as errors) runs against the installed library; and a program that
# includes one of the other headers directly is refused with the umbrella's name.
# Runs in: meson test (suite store).
# Usage: test-installed-headers.sh BUILD_ROOT PREFIX LIBDIR SOURCE.cpp CXX [SANITIZE]
set -euo pipefail
build_root="$1"; prefix="$2"; libdir="$3"; source="$4"; cxx="$5"; sanitize="${6:-none}"
extra=()
if [ "$sanitize" != "none" ]; then extra=("-fsanitize=$sanitize"); fi
case "$libdir" in /*) ;; *) libdir="$prefix/$libdir" ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset PM_STORE_DIR PM_SETTINGS_FILE

meson install -C "$build_root" --no-rebuild --quiet --destdir "$dest" --tags devel,runtime >"$tmp/install.log" 2>&1 || {
  echo "meson install failed:"; cat "$tmp/install.log"; exit 1; }
pcdir="$dest$libdir/pkgconfig"
[ -f "$pcdir/postmortem-store-1.pc" ] || { echo "no postmortem-store-1.pc in $pcdir"; exit 1; }

# The installed .pc files of this project, with their prefix moved into the destdir
# (GLib's stay as the system has them).
mkdir "$tmp/pc"
for pc in "$pcdir"/postmortem-*.pc; do
  sed "s|^prefix=.*|prefix=$dest$prefix|" "$pc" >"$tmp/pc/$(basename "$pc")"
done
export PKG_CONFIG_PATH="$tmp/pc"
flags=$(pkg-config --cflags --libs postmortem-store-1)
echo "pkg-config postmortem-store-1: $flags"
case "$flags" in *"$build_root"*|*"/core/store"*) echo "the flags point into the build or source tree"; exit 1 ;; esac

"$cxx" -std=c++17 -Wall -Wextra -Werror -pedantic "${extra[@]}" -o "$tmp/program" "$source" $flags
LD_LIBRARY_PATH="$dest$libdir" "$tmp/program" "$tmp/store"
libs=$(LD_LIBRARY_PATH="$dest$libdir" ldd "$tmp/program")
grep -q "libpostmortem-store.so.1 => $dest$libdir/" <<<"$libs" || {
  echo "the program did not load the installed libpostmortem-store.so.1:"; echo "$libs"; exit 1; }

# Every installed header but the umbrella refuses to be included on its own.
for header in "$dest$prefix/include/postmortem-store-1"/*.h; do
  name=$(basename "$header")
  [ "$name" = postmortem-store.h ] && continue
  printf '#include <%s>\nint main () { return 0; }\n' "$name" >"$tmp/direct.cpp"
  if "$cxx" -std=c++17 -fsyntax-only $flags -x c++ "$tmp/direct.cpp" 2>"$tmp/direct.log"; then
    echo "<$name> can be included directly; it must require <postmortem-store.h>"; exit 1
  fi
  grep -q 'Only <postmortem-store.h> can be included directly' "$tmp/direct.log" || {
    echo "<$name> included directly fails, but not with the umbrella's message:"; cat "$tmp/direct.log"; exit 1; }
done
echo "installed headers: C++ program built and run; each header needs the umbrella"
