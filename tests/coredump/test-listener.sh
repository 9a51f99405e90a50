#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-listener.sh — postmortem-listener, the user's always-on listener:
# a crash recorded by systemd-coredump after it started becomes a report and
# the application is asked to notify about it (ActivateAction notify-report
# on the session bus, answered here by pm-fake-app.py); so is a report that
# libpostmortem's handler publishes; earlier crashes are left to
# `postmortemctl coredumps`; a crash recorded while it was stopped is
# imported when it starts again; one listener per session; idle it uses no
# CPU (no polling) and little memory.
#
# Runs in: meson test (suite coredump) under dbus-run-session.
#
#   test-listener.sh CRASHER LISTENER PRELOAD DUMPER POSTMORTEMCTL [APPLICATION]
#
# With APPLICATION (the GUI is built) and a display, the last part runs the
# real thing on a private session bus: the bus starts the application by
# D-Bus activation (service mode, no window) for the listener's call, and
# its notification reaches a notification server (pm-fake-notifications.py).

source "$PM_SOURCE_DIR/tests/dumper/pm-dumper-test-lib.sh"
source "$PM_SOURCE_DIR/tests/coredump/pm-journal-test-lib.sh"

crasher="$1"
listener="$2"
export PM_PRELOAD_PATH="$3" PM_DUMPER_PATH="$4"
ctl="$5"
application="${6:-}"
remote=/lib/systemd/systemd-journal-remote
[ -x "$remote" ] || pm_skip "systemd-journal-remote not installed (run tests/install-deps.sh)"
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || pm_skip "no session bus (run the tests under dbus-run-session)"
/usr/bin/python3 -c 'from gi.repository import Gio' 2>/dev/null || pm_skip "python3-gi not installed (run tests/install-deps.sh)"
case "$(cat /proc/sys/kernel/core_pattern)" in
  "|"*) pm_skip "core_pattern pipes cores to a program: no kernel core to put in the journal here" ;;
esac
pm_isolate
crash_env=(env "ASAN_OPTIONS=$(pm_crash_asan_options):disable_coredump=0:verify_asan_link_order=0")
export PM_STORE_DIR="$PM_TEST_TMP/store" XDG_STATE_HOME="$PM_TEST_TMP/state"
queue="$PM_STORE_DIR/queue"
jdir="$PM_TEST_TMP/journal"
mkdir -p "$jdir" "$PM_TEST_TMP/cores"
uid="$(id -u)"
boot_id="$(tr -d - < /proc/sys/kernel/random/boot_id)"
n=0

# An old crash, before the listener starts: not its business.
journal_crash old segv; old_pid=$PID

start app /usr/bin/python3 "$PM_SOURCE_DIR/tests/coredump/pm-fake-app.py"
app_pid=$LAST_PID
expect_line "$PM_TEST_TMP/app.log" '^ready$' "the stand-in application owns its bus name" || pm_finish

start listen "$listener" --journal-directory "$jdir"
LISTEN_PID=$LAST_PID
PM_TARGET_PID=$LISTEN_PID
expect_line "$PM_TEST_TMP/listen.log" '^listening$' "the listener starts" || pm_finish
pm_expect "crashes from before it started are not imported" "$(ls "$queue" 2>/dev/null | wc -l)" '^0$'

# One listener per session.
second="$(timeout 30 "$listener" --journal-directory "$jdir" 2>&1)"; status=$?
pm_expect "a second listener leaves" "$second" 'another listener already runs'
pm_expect "a second listener exits by itself" "$status" '^0$'

# ---- a new crash recorded by systemd-coredump ---------------------------------------
journal_crash new segv; new_pid=$PID
expect_line "$PM_TEST_TMP/listen.log" "^crash $new_pid-[0-9]+: imported as " "the listener imports the new crash"
key="$(echo "$MATCH" | sed 's/.*imported as //')"
[ -d "$queue/$key" ] && pm_pass "its report is in the queue" || pm_fail "no report $key in the queue"
expect_line "$PM_TEST_TMP/app.log" "^action notify-report $key\$" "the application is asked to notify about it"

# ---- a report that libpostmortem's handler publishes --------------------------------
mkdir -p "$PM_TEST_TMP/handled"
(cd "$PM_TEST_TMP/handled" && exec "${crash_env[@]}" "$ctl" run -- "$crasher" abort) > /dev/null 2>&1
expect_line "$PM_TEST_TMP/app.log" '^action notify-report APPCRASH_' "the handler's report is notified too" 2

# ---- idle: no CPU, little memory ------------------------------------------------------
ticks () { awk '{print $14 + $15}' "/proc/$LISTEN_PID/stat"; }
t0="$(ticks)"; sleep 3; t1="$(ticks)"
echo "idle: $((t1 - t0)) ticks of CPU in 3 s; $(grep VmRSS "/proc/$LISTEN_PID/status")"
pm_expect "idle for 3 s: at most 1 tick (10 ms) of CPU" "$((t1 - t0))" '^[01]$'
rss_kib="$(awk '/^VmRSS:/ {print $2}' "/proc/$LISTEN_PID/status")"
if grep -q 'libasan' "/proc/$LISTEN_PID/maps"; then
  # AddressSanitizer's shadow memory and quarantine are not the listener's footprint.
  echo "RSS not checked: the listener is built with AddressSanitizer ($rss_kib KiB)"
else
  [ "$rss_kib" -lt $((20 * 1024)) ] && pm_pass "RSS $rss_kib KiB < 20 MiB" || pm_fail "RSS $rss_kib KiB >= 20 MiB"
fi

# ---- stopped, a crash, started again: imported at start --------------------------------
kill -TERM "$LISTEN_PID"
wait "$LISTEN_PID"; status=$?
pm_expect "SIGTERM stops the listener cleanly" "$status" '^0$'
PM_TARGET_PID=""
journal_crash away fpe; away_pid=$PID
start listen2 "$listener" --journal-directory "$jdir"
LISTEN2_PID=$LAST_PID
PM_TARGET_PID=$LISTEN2_PID
expect_line "$PM_TEST_TMP/listen2.log" "^crash $away_pid-[0-9]+: imported as " "a crash recorded while it was stopped is imported at start"
pm_expect_not "earlier crashes are not imported again" "$(ls "$queue" | xargs -I{} cat "$queue/{}/Report.wer" | grep -c "^Postmortem.Pid=$old_pid\$")" '^[1-9]'
kill -TERM "$LISTEN2_PID"; wait "$LISTEN2_PID"
PM_TARGET_PID=""
kill "$app_pid"; wait "$app_pid" 2>/dev/null

# ---- the real application, started by D-Bus activation -----------------------------
if [ -z "$application" ]; then
  echo "note: the application is not built; its D-Bus activation is not tested"
elif [ -z "${DISPLAY:-}" ]; then
  echo "note: no display (run under xvfb-run); the application's D-Bus activation is not tested"
else
  bus="$PM_TEST_TMP/bus"
  mkdir -p "$bus/services"
  cat > "$bus/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$bus</listen>
  <servicedir>$bus/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
  </policy>
  <auth>EXTERNAL</auth>
</busconfig>
CONF
  cat > "$bus/services/io.github.postmortem.Postmortem.service" <<SERVICE
[D-BUS Service]
Name=io.github.postmortem.Postmortem
Exec=/usr/bin/env PM_STORE_DIR=$PM_STORE_DIR GSETTINGS_SCHEMA_DIR=$PM_BUILD_DIR/data GSETTINGS_BACKEND=memory XDG_DATA_DIRS=$PM_TEST_TMP/exports:/usr/local/share:/usr/share $application --gapplication-service
SERVICE
  # A Flatpak app's exported desktop file, as flatpak installs it (through
  # env: GLib ignores desktop files whose program is missing, and this
  # machine need not have flatpak).
  mkdir -p "$PM_TEST_TMP/exports/applications"
  cat > "$PM_TEST_TMP/exports/applications/org.example.Crashy.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Crashy Example
Exec=/usr/bin/env flatpak run --branch=stable --arch=x86_64 org.example.Crashy
Icon=org.example.Crashy
DESKTOP
  start bus dbus-daemon --config-file="$bus/session.conf" --nofork --print-address=1
  BUS_PID=$LAST_PID
  expect_line "$PM_TEST_TMP/bus.log" '^unix:' "a private session bus runs"
  export DBUS_SESSION_BUS_ADDRESS="$(grep '^unix:' "$PM_TEST_TMP/bus.log" | head -1)"
  start notify /usr/bin/python3 "$PM_SOURCE_DIR/tests/coredump/pm-fake-notifications.py"
  NOTIFY_PID=$LAST_PID
  expect_line "$PM_TEST_TMP/notify.log" '^ready$' "a notification server runs"
  start listen3 "$listener" --journal-directory "$jdir"
  LISTEN3_PID=$LAST_PID
  PM_TARGET_PID=$LISTEN3_PID
  expect_line "$PM_TEST_TMP/listen3.log" '^listening$' "the listener starts on the private bus"
  journal_crash real ill
  expect_line "$PM_TEST_TMP/listen3.log" "^crash $PID-[0-9]+: imported as " "the listener imports the crash"
  expect_line "$PM_TEST_TMP/notify.log" "^notify $(basename "$crasher") Quit Unexpectedly\$" \
    "the application, started by D-Bus activation, notifies it"
  # A Flatpak app's crash: the notification names the app as it is installed. Its
  # program is its own (as /app/bin/crashy would be), so its crash is its own problem,
  # not one more of the fpe crash above.
  cp "$crasher" "$PM_TEST_TMP/crashy"
  CRASHER="$PM_TEST_TMP/crashy" journal_crash flatpak fpe \
    "COREDUMP_CGROUP=/user.slice/user-$uid.slice/user@$uid.service/app.slice/app-flatpak-org.example.Crashy-77.scope"
  expect_line "$PM_TEST_TMP/listen3.log" "^crash $PID-[0-9]+: imported as " "the listener imports the Flatpak app's crash"
  expect_line "$PM_TEST_TMP/notify.log" "^notify Crashy Example Quit Unexpectedly\$" \
    "the notification names the Flatpak app from its desktop file"
  kill -TERM "$LISTEN3_PID"; wait "$LISTEN3_PID"
  PM_TARGET_PID=""
  # The activated application (service mode) goes with its bus, or sooner.
  app_pid="$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
             --method org.freedesktop.DBus.GetConnectionUnixProcessID io.github.postmortem.Postmortem 2>/dev/null |
             grep -o '[0-9][0-9]*' | tail -1)"
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  kill "$NOTIFY_PID" "$BUS_PID"; wait "$NOTIFY_PID" "$BUS_PID" 2>/dev/null
fi

pm_finish
