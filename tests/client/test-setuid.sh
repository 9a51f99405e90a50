#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-setuid.sh — a setuid root program linked with libpostmortem, started by an
# unprivileged user who sets PM_DUMPER_PATH (and PM_STORE_DIR, PM_DUMP_TYPE, HOME, XDG_*)
# and makes it crash: the user's "dumper" never runs (it would leave a marker file), the
# process still dies of its own SIGSEGV, the preload library ignores its PM_* variables,
# and libpostmortem-store takes none of its paths from that environment. The same program
# without the setuid bit honours every variable: the marker shows the check can fail.
# Runs in: meson test (suites client and store), as root; skips otherwise.
# Usage: test-setuid.sh SETUID-CRASHER PRELOAD-LIBRARY
set -uo pipefail
crasher="$1"; preload="$2"

if [ "$(id -u)" -ne 0 ]; then
  echo "1..0 # SKIP not root: a setuid test needs root to chown and chmod 4755"; exit 0
fi
if ! command -v setpriv >/dev/null; then
  echo "1..0 # SKIP setpriv (util-linux) is missing"; exit 0
fi
user=65534
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp"
mkdir -m 1777 "$tmp/markers"
# The user's "dumper": leaves a file named after the uid it ran as.
cat > "$tmp/evil-dumper" <<SCRIPT
#!/bin/sh
touch "$tmp/markers/ran-as-uid-\$(id -u)"
exit 0
SCRIPT
chmod 0755 "$tmp/evil-dumper"
cp "$crasher" "$tmp/suid-crasher"
cp "$crasher" "$tmp/plain-crasher"
chown root:root "$tmp/suid-crasher" "$tmp/plain-crasher"
chmod 4755 "$tmp/suid-crasher"
chmod 0755 "$tmp/plain-crasher"
if ! setpriv --reuid=$user --regid=$user --clear-groups true 2>/dev/null; then
  echo "1..0 # SKIP setpriv cannot switch to uid $user here"; exit 0
fi
secure=$(setpriv --reuid=$user --regid=$user --clear-groups env -i "$tmp/suid-crasher" store | grep '^secure=')
if [ "$secure" != "secure=1" ]; then
  echo "1..0 # SKIP setuid programs do not run in secure mode here ($tmp is nosuid or no_new_privs is set)"; exit 0
fi

n=0; failed=0
ok()   { n=$((n + 1)); echo "ok $n - $*"; }
bad()  { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

hostile=(PM_DUMPER_PATH="$tmp/evil-dumper" PM_STORE_DIR="$tmp/markers/store"
         PM_SYSTEM_STORE_DIR="$tmp/markers/system" PM_SETTINGS_FILE="$tmp/markers/settings.ini"
         PM_SYSTEM_SETTINGS_FILE="$tmp/markers/system.ini" PM_STORE_NO_FSYNC=1
         PM_DUMP_TYPE=bogus PM_DUMPER_TIMEOUT_MS=5000
         HOME="$tmp/markers" XDG_DATA_HOME="$tmp/markers/data" XDG_CONFIG_HOME="$tmp/markers/config"
         ASAN_OPTIONS=handle_segv=0:handle_abort=0:detect_leaks=0)

# run_as_user PROGRAM ARGS...: sets $status, $signal and $err.
run_as_user() {
  err=$(setpriv --reuid=$user --regid=$user --clear-groups env -i "${hostile[@]}" "$@" 2>&1 >"$tmp/out")
  status=$?
  signal=$(( status > 128 ? status - 128 : 0 ))
}
markers() { ls "$tmp/markers" | grep '^ran-as-uid-' | tr '\n' ' '; }

# The control: without the setuid bit the variables are honoured.
run_as_user "$tmp/plain-crasher" handler
check "plain program: PM_DUMPER_PATH runs the user's dumper (as uid $user)" test -e "$tmp/markers/ran-as-uid-$user"
check "plain program: dies of SIGSEGV (status $status)" test "$signal" -eq 11
rm -f "$tmp/markers"/ran-as-uid-*

run_as_user "$tmp/suid-crasher" handler
check "setuid program: the user's dumper never ran (markers: $(markers))" test -z "$(markers)"
check "setuid program: still dies of its own SIGSEGV (status $status)" test "$signal" -eq 11

run_as_user "$tmp/plain-crasher" preload "$preload"
check "plain program + preload library: reads PM_DUMP_TYPE" grep -q 'PM_DUMP_TYPE=bogus' <<<"$err"
check "plain program + preload library: runs the user's dumper" test -e "$tmp/markers/ran-as-uid-$user"
rm -f "$tmp/markers"/ran-as-uid-*

run_as_user "$tmp/suid-crasher" preload "$preload"
check "setuid program + preload library: loaded (status $status: $err)" test "$status" -ne 2
check "setuid program + preload library: PM_DUMP_TYPE ignored" bash -c "! grep -q PM_DUMP_TYPE <<<\"\$1\"" _ "$err"
check "setuid program + preload library: the user's dumper never ran (markers: $(markers))" test -z "$(markers)"
check "setuid program + preload library: dies of SIGSEGV (status $status)" test "$signal" -eq 11

run_as_user "$tmp/plain-crasher" store
check "plain program: the store honours PM_STORE_DIR" grep -qx "store=$tmp/markers/store" "$tmp/out"
root_home=$(getent passwd 0 | cut -d: -f6)
run_as_user "$tmp/suid-crasher" store
sed 's/^/# /' "$tmp/out"
check "setuid store: nothing taken from the caller's environment" bash -c "! grep -q '$tmp' '$tmp/out'"
check "setuid store: PM_STORE_NO_FSYNC ignored" grep -qx "no-fsync=unset" "$tmp/out"
check "setuid store: the default store is root's" grep -qx "store=$root_home/.local/share/postmortem" "$tmp/out"
check "setuid store: the settings are root's" grep -qx "settings=$root_home/.config/postmortem/settings.ini" "$tmp/out"
check "setuid store: the WER API runs the installed dumper" grep -qx "dumper=.*/libexec/postmortem-dumper" "$tmp/out"
check "setuid store: the system store is /var/lib/postmortem" grep -qx "system-store=/var/lib/postmortem" "$tmp/out"

echo "1..$n"
exit $failed
