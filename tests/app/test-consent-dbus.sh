#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-consent-dbus.sh — D-Bus activation with the shipped service file: on a
# private session bus whose service directory holds data/…Postmortem.service
# (bindir pointed at the build tree), asking for the name io.github.postmortem.
# Postmortem starts `postmortem --gapplication-service`; that instance exports the
# actions the crash handler and notifications use; `postmortem --report KEY` run
# afterwards hands the key to it and exits instead of starting a second one.
#
# Usage: test-consent-dbus.sh BUILD_DIR SOURCE_DIR   (needs an X display)
# Runs in: a test process and the private bus it starts.
set -eu
build=$1 src=$2
app_id=io.github.postmortem.Postmortem

if [ -z "${DISPLAY:-}" ]; then echo "1..0 # SKIP no X display"; exit 77; fi
command -v dbus-run-session >/dev/null || { echo "1..0 # SKIP no dbus-run-session"; exit 77; }

if [ "${1:-}" != "--inside" ] && [ "${3:-}" != "--inside" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/pm-dbus-test-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/data/dbus-1/services" "$tmp/home" "$tmp/config" "$tmp/store"
  sed "s|@bindir@|$build/app|" "$src/data/$app_id.service.in" > "$tmp/data/dbus-1/services/$app_id.service"
  # The bus reads its service directories from these when it starts.
  export XDG_DATA_HOME="$tmp/data" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config"
  export PM_STORE_DIR="$tmp/store" PM_SETTINGS_FILE="$tmp/config/postmortem/settings.ini"
  export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GDK_BACKEND=x11 GSK_RENDERER=cairo
  status=0
  dbus-run-session -- "$0" "$build" "$src" --inside || status=$?
  exit $status
fi

fail() { echo "not ok 1 $*"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exit 1; }
call() { gdbus call --session "$@"; }

echo "1..1"
started=$(call --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
               --method org.freedesktop.DBus.StartServiceByName "$app_id" 0) \
  || fail "the bus could not start $app_id from the service file"
echo "# StartServiceByName: $started"
pid=$(call --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
           --method org.freedesktop.DBus.GetConnectionUnixProcessID "$app_id" | sed 's/.*uint32 \([0-9]*\).*/\1/')
cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline")
echo "# the service runs as: $cmdline"
case "$cmdline" in
  "$build/app/postmortem --gapplication-service "*) ;;
  *) fail "unexpected command line: $cmdline" ;;
esac

actions=$(call --dest "$app_id" --object-path /io/github/postmortem/Postmortem \
               --method org.gtk.Actions.List)
echo "# actions: $actions"
for a in review-report ignore-problem preferences about; do
  case "$actions" in *"'$a'"*) ;; *) fail "action $a is not exported" ;; esac
done

# A second `postmortem --report KEY` is remote: it hands the key over and exits.
key=APPCRASH_app_0123456789abcdef_01234567-89ab-cdef-0123-456789abcdef
timeout 20 "$build/app/postmortem" --report "$key" || fail "postmortem --report did not exit 0 (status $?)"
kill -0 "$pid" 2>/dev/null || fail "the service died"
now=$(call --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
           --method org.freedesktop.DBus.GetConnectionUnixProcessID "$app_id" | sed 's/.*uint32 \([0-9]*\).*/\1/')
[ "$now" = "$pid" ] || fail "the name moved to another process ($now, was $pid)"
# And a key that is not a key is refused, in words, with the usage status.
if "$build/app/postmortem" --report "../../etc/passwd" 2>"$HOME/err"; then fail "a bad key was accepted"; fi
grep -q "is not a report key" "$HOME/err" || fail "no clear message for a bad key"

kill "$pid"
echo "ok 1 D-Bus activation by the service file; --report reaches the running instance"
