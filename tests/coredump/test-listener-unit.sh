#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-listener-unit.sh — the listener as a session starts it: the installed
# user unit (postmortem-listener.service), run by a real `systemd --user`
# manager. `systemctl --user enable --now` (what the unit's comment tells
# people to run) starts it; it imports a crash systemd-coredump records and
# asks the application to notify; `systemctl --user stop` ends it cleanly
# (inactive, not failed); a new manager, as at the next login, starts it with
# the session and it imports the crash recorded while it was away. The XDG
# autostart entry is skipped by systemd's autostart generator (the unit
# covers such sessions) and is a valid desktop entry for the others.
#
# Runs in: meson test (suite coredump, slow) under dbus-run-session. A user
# manager refuses to run on a machine not booted with systemd (containers,
# CI): there the test runs itself in a private mount namespace in which
# /run/systemd/system exists (needs root for unshare), else it skips.
#
#   test-listener-unit.sh LISTENER UNIT AUTOSTART CRASHER PRELOAD DUMPER

source "$PM_SOURCE_DIR/tests/dumper/pm-dumper-test-lib.sh"
source "$PM_SOURCE_DIR/tests/coredump/pm-journal-test-lib.sh"

systemd=/lib/systemd/systemd
remote=/lib/systemd/systemd-journal-remote
generator=/lib/systemd/user-generators/systemd-xdg-autostart-generator
[ -x "$systemd" ] || pm_skip "systemd is not installed: no user manager to run the unit"
[ -x "$remote" ] || pm_skip "systemd-journal-remote not installed (run tests/install-deps.sh)"
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || pm_skip "no session bus (run the tests under dbus-run-session)"
case "$(cat /proc/sys/kernel/core_pattern)" in
  "|"*) pm_skip "core_pattern pipes cores to a program: no kernel core to put in the journal here" ;;
esac

if [ ! -d /run/systemd/system ] && [ -z "${PM_IN_MOUNT_NS:-}" ]; then
  # Not booted with systemd: make the marker in a mount namespace of our own,
  # so nothing outside this test sees it.
  unshare -m --propagation private true 2>/dev/null ||
    pm_skip "not booted with systemd and no private mount namespace (unshare needs root): no user manager here"
  PM_IN_MOUNT_NS=1 exec unshare -m --propagation private "$0" "$@"
fi
if [ -n "${PM_IN_MOUNT_NS:-}" ]; then
  mkdir -p /run/systemd
  mount -t tmpfs -o mode=755 pm-test /run/systemd || pm_fail "cannot mount a tmpfs on /run/systemd"
  mkdir /run/systemd/system
fi

listener="$1"
unit="$2"
autostart="$3"
crasher="$4"
export PM_PRELOAD_PATH="$5" PM_DUMPER_PATH="$6"
pm_isolate
crash_env=(env "ASAN_OPTIONS=$(pm_crash_asan_options):disable_coredump=0:verify_asan_link_order=0")
export PM_STORE_DIR="$PM_TEST_TMP/store" XDG_STATE_HOME="$PM_TEST_TMP/state"
queue="$PM_STORE_DIR/queue"
jdir="$PM_TEST_TMP/journal"
mkdir -p "$jdir" "$PM_TEST_TMP/cores"
uid="$(id -u)"
boot_id="$(tr -d - < /proc/sys/kernel/random/boot_id)"
n=0

# The unit as installed, in the user's unit directory; a drop-in (as an
# administrator would write one) only points it at this build's listener
# and this test's journal directory.
units="$XDG_CONFIG_HOME/systemd/user"
mkdir -p "$units/postmortem-listener.service.d"
cp "$unit" "$units/postmortem-listener.service"
cat > "$units/postmortem-listener.service.d/test.conf" <<DROPIN
[Service]
ExecStart=
ExecStart=$listener --journal-directory $jdir
DROPIN

# sctl ARGS…: systemctl --user, talking to the manager over its private
# socket (the test's session bus has no systemd on it).
sctl ()
{
  DBUS_SESSION_BUS_ADDRESS= systemctl --user "$@"
}

# manager_start NAME: a user manager, as a login starts one; its environment
# (the session bus, the store) is what its services get.
manager_start ()
{
  "$systemd" --user --log-target=console > "$PM_TEST_TMP/$1.log" 2>&1 &
  MANAGER_PID=$!
  PM_TARGET_PID=$MANAGER_PID
  for i in $(seq 600); do
    case "$(sctl is-system-running 2>/dev/null)" in
      running|degraded) pm_pass "a user manager runs ($1)"; return 0 ;;
    esac
    sleep 0.1
  done
  pm_fail "no user manager within 60 s ($1)"; sed 's/^/  | /' "$PM_TEST_TMP/$1.log" >&2
  pm_finish
}

manager_stop ()
{
  sctl exit > /dev/null 2>&1
  wait "$MANAGER_PID"
  PM_TARGET_PID=""
}

# unit_state: the listener's ActiveState (active, inactive, failed, …).
unit_state ()
{
  sctl show -P ActiveState postmortem-listener.service 2>/dev/null
}

# wait_for_report PID WHAT: a report of process PID appears in the queue.
wait_for_report ()
{
  for i in $(seq 600); do
    if grep -qs "^Postmortem.Pid=$1\$" "$queue"/*/Report.wer; then pm_pass "$2"; return 0; fi
    sleep 0.1
  done
  pm_fail "$2: no report of pid $1 in the queue within 60 s"
  sctl status postmortem-listener.service 2>&1 | sed 's/^/  | /' >&2
  return 1
}

# A session bus of its own: other tests own the application's name on the
# shared one.
start bus dbus-daemon --session --nofork --print-address=1
BUS_PID=$LAST_PID
expect_line "$PM_TEST_TMP/bus.log" '^unix:' "a private session bus runs" || pm_finish
export DBUS_SESSION_BUS_ADDRESS="$(grep '^unix:' "$PM_TEST_TMP/bus.log" | head -1)"
start app /usr/bin/python3 "$PM_SOURCE_DIR/tests/coredump/pm-fake-app.py"
app_pid=$LAST_PID
expect_line "$PM_TEST_TMP/app.log" '^ready$' "the stand-in application owns its bus name" || pm_finish

# ---- enable --now: running at once, and a crash becomes a report ----------------------
manager_start first-login
# A desktop session hands its bus address to the manager
# (dbus-update-activation-environment --systemd), for the services it starts.
sctl set-environment DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS"
out="$(sctl enable --now postmortem-listener.service 2>&1)"
pm_expect "systemctl --user enable --now succeeds" "$?" '^0$'
echo "$out" | sed 's/^/  | /'
[ -L "$units/default.target.wants/postmortem-listener.service" ] &&
  pm_pass "enabled: wanted by default.target (WantedBy= in [Install])" ||
  pm_fail "enable made no default.target.wants link"
for i in $(seq 600); do [ "$(unit_state)" = active ] && break; sleep 0.1; done
pm_expect "the unit is active" "$(unit_state)" '^active$'
main_pid="$(sctl show -P MainPID postmortem-listener.service)"
pm_expect "it runs the listener" "$(tr '\0' ' ' < "/proc/$main_pid/cmdline" 2>/dev/null)" "^$listener "
pm_expect "at Nice=10, out of the session's way" "$(awk '{print $19}' "/proc/$main_pid/stat" 2>/dev/null)" '^10$'
journal_crash first segv
wait_for_report "$PID" "the unit's listener imports a new crash"
key="$(grep -ls "^Postmortem.Pid=$PID\$" "$queue"/*/Report.wer | head -1 | xargs dirname | xargs basename)"
expect_line "$PM_TEST_TMP/app.log" "^action notify-report $key\$" "and asks the application to notify about it"

sctl stop postmortem-listener.service
pm_expect "systemctl --user stop: inactive, not failed" "$(unit_state)" '^inactive$'
manager_stop

# ---- a crash while nobody listens, then the next login ---------------------------------
journal_crash away fpe; away_pid=$PID
manager_start next-login
for i in $(seq 600); do [ "$(unit_state)" = active ] && break; sleep 0.1; done
pm_expect "the enabled unit starts with the session" "$(unit_state)" '^active$'
wait_for_report "$away_pid" "the crash recorded while it was away is imported at start"
pm_expect "the first crash is not imported twice" \
  "$(grep -ls "^Postmortem.Pid=" "$queue"/*/Report.wer | wc -l)" '^2$'
manager_stop
kill "$app_pid" "$BUS_PID"; wait "$app_pid" "$BUS_PID" 2>/dev/null

# ---- the XDG autostart entry ------------------------------------------------------------
if command -v desktop-file-validate > /dev/null; then
  out="$(desktop-file-validate "$autostart" 2>&1)"
  pm_expect "the autostart entry is a valid desktop entry" "$out" '^$'
fi
if [ -x "$generator" ]; then
  # As installed, but naming this build's listener: the generator ignores
  # entries whose program does not exist.
  entry="$PM_TEST_TMP/xdg/autostart/$(basename "$autostart")"
  mkdir -p "$PM_TEST_TMP/xdg/autostart"
  sed "s|^Exec=.*|Exec=$listener|" "$autostart" > "$entry"
  generated ()
  {
    rm -rf "$PM_TEST_TMP/generated"; mkdir "$PM_TEST_TMP/generated"
    XDG_CONFIG_DIRS="$PM_TEST_TMP/xdg" XDG_CONFIG_HOME="$PM_TEST_TMP/empty" \
      "$generator" "$PM_TEST_TMP/generated" > /dev/null 2>&1
    find "$PM_TEST_TMP/generated" -name '*Listener*' | wc -l
  }
  pm_expect "systemd's autostart generator leaves it to the unit (X-systemd-skip)" "$(generated)" '^0$'
  # The same entry without the key becomes a unit: the check above can fail.
  sed -i '/^X-systemd-skip/d' "$entry"
  pm_expect "(without the key the generator would start it)" "$(generated)" '^[1-9]'
fi

pm_finish
