#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# Installs everything Postmortem needs to build, run and test on Debian 12:
# the build dependencies, the GUI test stack (Xvfb, AT-SPI, dogtail) and the
# independent minidump readers used as oracles (LLDB; Breakpad's processor from
# the npm package "minidump"). Safe to run again: it only installs what is missing.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libarchive-dev zlib1g-dev
  libsoup-3.0-dev libdw-dev libelf-dev
  libsystemd-dev libdebuginfod-dev libzstd-dev liblzma-dev liblz4-dev  # journal, debuginfod, compressed cores
  gi-docgen gobject-introspection libgirepository1.0-dev              # API reference and GIR of the store
  # validation of data files
  libglib2.0-bin desktop-file-utils appstream shared-mime-info libgtk-4-bin
  # tests: oracles, anchors, sanitizers and fuzzers, the GUI under Xvfb
  lldb gdb clang libclang-rt-14-dev jq time
  xvfb xauth imagemagick python3-dogtail at-spi2-core dbus-x11
  xdotool  # the application test resizes the window (360 px) and clicks like a person
  locales-all  # the GUI in French (LANGUAGE=fr LANG=fr_FR.UTF-8) for screenshots
  python3 curl openssl glib-networking  # upload: spec collector, bench anchor, TLS test
  systemd-journal-remote debuginfod zstd xz-utils lz4 util-linux  # real journals, a debuginfod server, compressed cores, setpriv
  binutils  # objcopy --only-keep-debug, strip and readelf: a program whose debug file only the server has
  libc6-dbg  # libc's own debug file: backtraces through libc are named, so only the test programs lack symbols
  systemd dbus-user-session rpm  # the listener unit under systemd --user; an rpm database for package lookup
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# npm fetches Breakpad's prebuilt processor. Machines that already have Node.js with
# its own npm (e.g. NodeSource's nodejs) must not get Debian's npm, which conflicts.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's LLDB 14 looks for its Python module in the wrong place.
lldb_py=/usr/lib/local/lib/python3.11/dist-packages/lldb
if [ ! -e "$lldb_py" ] && [ -d /usr/lib/llvm-14/lib/python3.11/dist-packages/lldb ]; then
  "${sudo_cmd[@]}" mkdir -p "$(dirname "$lldb_py")"
  "${sudo_cmd[@]}" ln -sfn /usr/lib/llvm-14/lib/python3.11/dist-packages/lldb "$lldb_py"
fi

# Breakpad's minidump_stackwalk/minidump_dump/dump_syms ship prebuilt in the npm
# package "minidump". Its install script wants yarn, so skip scripts.
oracle_dir="${PM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/postmortem/oracles}"
if [ ! -x "$oracle_dir/node_modules/minidump/bin/linux-x64/minidump_stackwalk" ]; then
  echo "install-deps: installing Breakpad's processor (npm package minidump) in $oracle_dir"
  mkdir -p "$oracle_dir"
  (cd "$oracle_dir" && npm install --silent --no-audit --no-fund --ignore-scripts minidump >/dev/null)
fi
echo "install-deps: done"
