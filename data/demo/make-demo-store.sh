#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# make-demo-store.sh BUILD_DIR STORE_DIR — fills STORE_DIR with real crash reports.
#
# Runs: from app/run-demo.sh (and the demo test), after `meson compile`.
# Every report is made the way a real crash makes one: a demo program from
# data/demo/ (linked with libpostmortem, crash handler installed) fails, the
# handler starts the build tree's postmortem-dumper, which writes the minidump
# and publishes the report into the store. Nothing is written here by hand.
#
# What the store holds afterwards: six applications; SIGSEGV, SIGABRT, SIGFPE,
# SIGBUS, SIGILL; the same problem three times in a row (one report with a count
# of 3, the store's flood control) and twice more as separate reports (one bucket,
# two reports); one heap dump with a registered memory block and a helper
# process's triage dump; custom metadata in every report; an attached file;
# one report sent to the project's loopback receiver (archive/, with its server id).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR STORE_DIR" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
store="$2"
demo="$build/data/demo"
dumper="$build/core/dumper/postmortem-dumper"

for p in "$dumper" "$demo/pm-demo-notes"; do
  if [ ! -x "$p" ]; then
    echo "make-demo-store: $p is missing: build first (meson compile -C $1)" >&2
    exit 1
  fi
done

mkdir -p "$store"
store="$(cd "$store" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

export PM_STORE_DIR="$store"
export PM_DUMPER_PATH="$dumper"
# The demo's own settings: nothing is excluded, consent is asked.
export PM_SETTINGS_FILE="$work/settings.ini"
printf '[Consent]\nDefault=ask\n' > "$PM_SETTINGS_FILE"

# In a sanitizer build libpostmortem is instrumented but the demo programs are
# not: their runtimes must be loaded first.
sanitizer_preload=""
for rt in $(ldd "$demo/pm-demo-notes" 2>/dev/null | awk '/lib(asan|ubsan)\.so/ { print $3 }'); do
  sanitizer_preload="${sanitizer_preload:+$sanitizer_preload:}$rt"
done

count() { { find "$store/queue" "$store/archive" -mindepth 1 -maxdepth 1 -type d 2>/dev/null || true; } | wc -l; }

# crash NAME [ARGS…]: runs a demo program that must die of a signal and leave a report.
crash() {
  local name="$1"; shift
  local before after status=0
  before=$(count)
  # (bash itself says "Segmentation fault" and so on: that is the expected end.)
  LD_PRELOAD="${sanitizer_preload}${LD_PRELOAD:+:$LD_PRELOAD}" \
    "$demo/$name" "$@" >/dev/null 2>"$work/$name.err" || status=$?
  if [ "$status" -lt 128 ]; then
    echo "make-demo-store: $name did not crash (exit $status):" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
  after=$(count)
  echo "make-demo-store: $name died of signal $((status - 128)) ($after reports in the store)"
  if [ "$after" -le "$before" ] && [ "${PM_DEMO_EXPECT_FLOOD:-}" != 1 ]; then
    echo "make-demo-store: $name left no new report in $store" >&2
    exit 1
  fi
}

printf 'Shopping list\n- milk\n- bread\n' > "$work/notes.txt"

crash pm-demo-notes "$work/notes.txt"
# The same problem again within a minute: counted on the first report, not stored again.
PM_DEMO_EXPECT_FLOOD=1 crash pm-demo-notes "$work/notes.txt"
PM_DEMO_EXPECT_FLOOD=1 crash pm-demo-notes "$work/notes.txt"
crash pm-demo-calc
crash pm-demo-viewer
crash pm-demo-shell
crash pm-demo-sync

# The player fails twice with flood control off: two reports of one bucket.
printf '[Consent]\nDefault=ask\n[Quota]\nFloodWindowSeconds=0\n' > "$PM_SETTINGS_FILE"
crash pm-demo-player
sleep 1
crash pm-demo-player

# One report sent for real, to the project's loopback receiver (tests/upload),
# so the Sent filter and a server id have something to show. Skipped when the
# receiver was not built.
receiver="$build/tests/upload/postmortem-test-receiver"
ctl="$build/app/postmortemctl"
if [ -x "$receiver" ] && [ -x "$ctl" ]; then
  mkdir -p "$work/server"
  "$receiver" --dir "$work/server" --view-url "http://127.0.0.1/report/" > "$work/receiver.out" 2>"$work/receiver.err" &
  receiver_pid=$!
  for _ in $(seq 50); do
    url="$(sed -n 's/^Listening on //p' "$work/receiver.out" | head -1)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  key="$(basename "$(find "$store/queue" -mindepth 1 -maxdepth 1 -type d -name 'APPCRASH_pm-demo-calc_*' | head -1)")"
  if [ -n "${url:-}" ] && [ -n "$key" ] && "$ctl" submit --approve "$key" --url "$url" >/dev/null 2>"$work/submit.err"; then
    echo "make-demo-store: sent $key to $url"
  else
    echo "make-demo-store: could not send a report to the demo receiver:" >&2
    cat "$work/submit.err" "$work/receiver.err" >&2 || true
  fi
  kill "$receiver_pid" 2>/dev/null || true
  wait "$receiver_pid" 2>/dev/null || true
fi

echo "make-demo-store: $(count) reports in $store"
