# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# pm-journal-test-lib.sh — for the listener tests: real crashes "recorded" by
# systemd-coredump (a kernel core and a journal file that
# systemd-journal-remote makes from an export-format entry), and waiting for
# a line in a background process's output.
#
# Runs in: sourced by tests/coredump/test-listener*.sh after
# tests/dumper/pm-dumper-test-lib.sh. The caller sets crasher, crash_env,
# remote (systemd-journal-remote), jdir (the journal directory), uid,
# boot_id and n=0.

# journal_crash NAME MODE [FIELD=VALUE]: a real crash whose kernel core
# systemd-coredump "recorded": a new journal file in $jdir, as journald adds
# them. Sets PID.
journal_crash ()
{
  local dir="$PM_TEST_TMP/crash-$1" stamp
  mkdir -p "$dir"
  (cd "$dir" && ulimit -c unlimited && exec "${crash_env[@]}" "${CRASHER:-$crasher}" "$2") > "$dir/out" 2>/dev/null
  stamp="$(date +%s%6N)"
  PID="$(sed -n 's/^ready //p' "$dir/out")"
  zstd -q -c "$dir"/core* > "$PM_TEST_TMP/cores/core.$1.zst"
  n=$((n + 1))
  cat > "$PM_TEST_TMP/$1.export" <<ENTRY
__REALTIME_TIMESTAMP=$stamp
__MONOTONIC_TIMESTAMP=$((1000000 + n))
_BOOT_ID=$boot_id
MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1
MESSAGE=Process $PID dumped core.
COREDUMP_PID=$PID
COREDUMP_UID=$uid
COREDUMP_SIGNAL=11
COREDUMP_TIMESTAMP=$stamp
COREDUMP_EXE=${CRASHER:-$crasher}
COREDUMP_FILENAME=$PM_TEST_TMP/cores/core.$1.zst
_UID=0
_COMM=systemd-coredump
${3:-COREDUMP_SLICE=app.slice}

ENTRY
  "$remote" --output="$jdir/$1.journal" "$PM_TEST_TMP/$1.export" > /dev/null 2>&1 || pm_fail "journal-remote for $1"
}

# expect_line FILE REGEX WHAT [COUNT]: waits (60 s at most) until FILE, the
# output of a background process, has COUNT (default 1) lines matching
# REGEX; MATCH is the last of them.
expect_line ()
{
  local file="$1" re="$2" what="$3" count="${4:-1}"
  for i in $(seq 600); do
    if [ "$(grep -c -E -- "$re" "$file" 2>/dev/null)" -ge "$count" ]; then
      MATCH="$(grep -E -- "$re" "$file" | tail -1)"; echo "  | $MATCH"; pm_pass "$what"; return 0
    fi
    sleep 0.1
  done
  pm_fail "$what: no line /$re/ within 60 s"; sed 's/^/  | /' "$file" >&2; return 1
}

# start NAME COMMAND…: runs a background process, output in $PM_TEST_TMP/NAME.log.
start ()
{
  local name="$1"; shift
  "$@" > "$PM_TEST_TMP/$name.log" 2>&1 &
  LAST_PID=$!
}

