#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# The run command of the README: installs what is missing, builds Postmortem,
# fills a demo store with real crash reports (made by crashing real programs,
# see data/demo/) and starts the application on it.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"

"$top/tests/install-deps.sh"
if [ -d build ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
meson compile -C build

export PM_STORE_DIR="${PM_STORE_DIR:-$top/build/demo-store}"
if [ -x "$top/data/demo/make-demo-store.sh" ] && [ ! -d "$PM_STORE_DIR/queue" ]; then
  "$top/data/demo/make-demo-store.sh" "$top/build" "$PM_STORE_DIR"
fi
exec "$top/build/app/postmortem" "$@"
