#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-hang-reports.sh — hang reports (AppHangB1): libpostmortem's watchdog in a GLib
# program and `postmortemctl hang`, with the real dumper and store, the dumps read back by
# postmortemctl, LLDB and Breakpad's processor.
#
# Runs in: meson test (suite dumper), as
#   test-hang-reports.sh PM_HANG_CHILD POSTMORTEM_DUMPER POSTMORTEMCTL
#
# Proves:
#  - a frozen main loop (its thread blocked for good on a mutex another thread holds) gives
#    exactly one report: AppHangB1, the main thread as the hung one, its module+offset
#    signature, HangRecovered=false, the chains; the process is still alive afterwards;
#    the watchdog then waits for a heartbeat with no deadline and no dumper runs (so no
#    second report can come); the dump has every thread for postmortemctl, LLDB and
#    minidump_stackwalk, and marks the hang in PostmortemInfo;
#  - a frozen program killed after its dump, before the outcome is known, still gets its
#    report (HangRecovered=false): the dumper outlives it;
#  - a loop that is frozen until the test lets it go, after the hang was noticed, gives a
#    report with HangRecovered=true, and the program ends normally;
#  - a loop that beats for twice its timeout gives no report;
#  - `postmortemctl hang` on two threads deadlocked on two mutexes: a report whose
#    Postmortem.WaitChains names the cycle of both threads, the same JSON in the dump's
#    stream 0x504d0003, the process alive afterwards; bad command lines are refused;
#  - a main thread reading a pipe whose writer is another process stuck on a lock: Hang
#    Type 1, the chain through the pipe into that process, its triage dump in the report.
# Waits are on effects (lines from the child, files in the store, the threads' system
# calls in /proc), each bounded by a deadline that only a broken build reaches.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/pm-dumper-test-lib.sh"

child="$1"
dumper="$2"
ctl="$3"

pm_find_oracles
pm_isolate
export PM_DUMPER_PATH="$dumper"

# wait_for DESCRIPTION COMMAND...: runs COMMAND every 20 ms until it succeeds, for at most
# 60 s.
wait_for ()
{
  local what="$1"; shift
  local deadline=$((SECONDS + 60))
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then pm_fail "timed out waiting for $what"; return 1; fi
    sleep 0.02
  done
  return 0
}

queue_count () { local d=("$PM_STORE_DIR"/queue/*/); [ -d "${d[0]}" ] && echo "${#d[@]}" || echo 0; }
has_reports () { [ "$(queue_count)" -ge "$1" ]; }
has_draft () { [ -n "$(ls -A "$PM_STORE_DIR/.tmp" 2>/dev/null)" ]; }
wer_value () { sed -n "s/^$2=//p" "$1"; }
task_count () { ls "/proc/$1/task" | wc -l; }

# Every thread of PID in a system call numbered $2 (202: futex).
threads_in_syscall ()
{
  local pid="$1" nr="$2" t
  for t in "${@:3}"; do
    [ "$(cut -d' ' -f1 "/proc/$pid/task/$t/syscall" 2>/dev/null)" = "$nr" ] || return 1
  done
}

# The watchdog thread of PID waits for a heartbeat with no deadline
# (futex FUTEX_WAIT_BITSET_PRIVATE = 0x89, timeout NULL) and no dumper is its child.
watchdog_idle ()
{
  local pid="$1" t children=""
  for t in /proc/"$pid"/task/*; do children+="$(cat "$t/children" 2>/dev/null)"; done
  [ -z "${children// /}" ] || return 1
  grep -q -E '^202 0x[0-9a-f]+ 0x89 0x[0-9a-f]+ 0x0 ' /proc/"$pid"/task/*/syscall 2>/dev/null
}

# check_dump LABEL DUMP PID TID: the dump of live process PID (threads unchanged since),
# hung thread TID, read by postmortemctl, LLDB and Breakpad with every thread.
check_dump ()
{
  local label="$1" dump="$2" pid="$3" want n info
  want=$(task_count "$pid")
  pm_check_rules "$dump"
  if info="$("$ctl" info --json "$dump" 2>&1)"; then
    n=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["threads"]))' <<<"$info")
    [ "$n" -eq "$want" ] && pm_pass "$label: postmortemctl info reads $n threads" \
                         || pm_fail "$label: postmortemctl info reads $n threads, the process has $want"
    pm_expect "$label: no exception stream (a hang, not a crash)" "$info" '"exception": *null'
    pm_expect "$label: postmortemctl info says which thread hung" "$("$ctl" info "$dump" 2>&1)" "^Hang: +thread $4 stopped responding"
  else
    pm_fail "$label: postmortemctl info failed: $info"
  fi
  if pm_lldb "$dump" "thread list" "bt all"; then
    n=$(echo "$PM_LLDB_OUT" | grep -c -E '^[* ] thread #[0-9]+: tid = ')
    [ "$n" -eq "$want" ] && pm_pass "$label: LLDB sees $n threads" || pm_fail "$label: LLDB sees $n threads, want $want"
    pm_expect "$label: LLDB backtrace reaches main" "$PM_LLDB_OUT" '`main'
  fi
  # The watchdog thread is caught inside the dumper launch (poll), where Breakpad's CFI
  # walk of libc may end early: that is the walker, not the dump.
  if pm_stackwalk "$dump" --walk-may-end-early; then
    pm_expect "$label: stackwalk says no crash" "$PM_SW_OUT" '^Crash\|No crash\|'
    n=$(echo "$PM_SW_OUT" | grep -c -E '^[0-9]+\|0\|')
    [ "$n" -eq "$want" ] && pm_pass "$label: stackwalk walked $n threads" || pm_fail "$label: stackwalk walked $n threads, want $want"
  fi
}

# The PostmortemInfo of DUMP: flags and the thread it names.
postmortem_info ()
{
  python3 - "$1" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
n, rva = struct.unpack_from("<II", d, 8)
for i in range(n):
    t, size, at = struct.unpack_from("<III", d, rva + 12 * i)
    if t == 0x504d0001:
        flags, pid, tid = struct.unpack_from("<III", d, at + 12)
        print("flags=0x%x pid=%d tid=%d" % (flags, pid, tid))
EOF
}

# The payload of stream 0x504d0003 of DUMP.
wait_chains_stream ()
{
  python3 - "$1" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
n, rva = struct.unpack_from("<II", d, 8)
for i in range(n):
    t, size, at = struct.unpack_from("<III", d, rva + 12 * i)
    if t == 0x504d0003:
        sys.stdout.write(d[at:at + size].decode())
EOF
}

pm_make_symbols "$child"

# ---- 1. A frozen GLib main loop ------------------------------------------------------
export PM_STORE_DIR="$PM_TEST_TMP/store-freeze"
coproc FROZEN { exec "$child" freeze 300 2>"$PM_TEST_TMP/freeze.err"; }
frozen_pid=$FROZEN_PID   # bash unsets FROZEN_PID once the coprocess is gone
PM_TARGET_PID=$frozen_pid
if read -r -t 30 word pid tid <&"${FROZEN[0]}" && [ "$word" = frozen ]; then
  pm_make_symbols "$(grep -m1 -o '/[^ ]*/libc\.so\.6$' "/proc/$pid/maps")"
  if wait_for "the hang report" has_reports 1 && wait_for "the watchdog to wait for a heartbeat" watchdog_idle "$pid"; then
    [ "$(queue_count)" -eq 1 ] && pm_pass "freeze: exactly one report" || pm_fail "freeze: $(queue_count) reports"
    kill -0 "$pid" 2>/dev/null && pm_pass "freeze: the process is still alive" || pm_fail "freeze: the process is gone"
    report=("$PM_STORE_DIR"/queue/*/)
    wer="${report[0]}Report.wer"
    [ "$(wer_value "$wer" EventType)" = AppHangB1 ] && pm_pass "freeze: EventType AppHangB1" || pm_fail "freeze: EventType $(wer_value "$wer" EventType)"
    case "$(basename "${report[0]}")" in AppHangB1_pm-hang-child_*) pm_pass "freeze: key names the event and program";; *) pm_fail "freeze: key $(basename "${report[0]}")";; esac
    [ "$(wer_value "$wer" Postmortem.HangRecovered)" = false ] && pm_pass "freeze: HangRecovered=false" || pm_fail "freeze: HangRecovered=$(wer_value "$wer" Postmortem.HangRecovered)"
    [ -z "$(wer_value "$wer" Postmortem.RecoveryFinished)" ] && pm_pass "freeze: no recovery registered, none recorded" \
      || pm_fail "freeze: RecoveryFinished=$(wer_value "$wer" Postmortem.RecoveryFinished)"
    pm_expect "freeze: RunTimeSeconds" "$(wer_value "$wer" Postmortem.RunTimeSeconds)" '^[0-9]+$'
    [ "$(wer_value "$wer" Postmortem.HungTid)" = "$tid" ] && pm_pass "freeze: the main thread is the hung one" || pm_fail "freeze: HungTid $(wer_value "$wer" Postmortem.HungTid), want $tid"
    [ "$(wer_value "$wer" Postmortem.HangTimeoutMs)" = 300 ] && pm_pass "freeze: HangTimeoutMs=300" || pm_fail "freeze: HangTimeoutMs $(wer_value "$wer" Postmortem.HangTimeoutMs)"
    [ "$(wer_value "$wer" Postmortem.DetectedBy)" = watchdog ] && pm_pass "freeze: detected by the watchdog" || pm_fail "freeze: DetectedBy $(wer_value "$wer" Postmortem.DetectedBy)"
    pm_expect "freeze: Sig[3] Hang Signature, 4 hex digits" "$(cat "$wer")" '^Sig\[3\]\.Name=Hang Signature$'
    pm_expect "freeze: Sig[3] value" "$(wer_value "$wer" 'Sig\[3\]\.Value')" '^[0-9a-f]{4}$'
    pm_expect "freeze: Sig[5] is the hung thread's module+offset frames" "$(wer_value "$wer" 'Sig\[5\]\.Value')" '^pm-hang-child\+0x[0-9a-f]+( |$)'
    pm_expect_not "freeze: no absolute address in the signature" "$(grep '^Sig' "$wer")" '0x7f[0-9a-f]{10}'
    pm_expect "freeze: the chains say the main thread waits on a mutex someone owns" \
      "$(wer_value "$wer" Postmortem.WaitChains)" "\\{\"tid\":$tid,\"chain\":\\[[^]]*\"type\":\"mutex\",\"status\":\"owned\""
    dump="${report[0]}minidump.mdmp"
    pm_expect "freeze: PostmortemInfo marks a hang of the main thread" "$(postmortem_info "$dump")" "^flags=0x1[0-9a-f] pid=$pid tid=$tid$"
    [ "$(wait_chains_stream "$dump")" = "$(wer_value "$wer" Postmortem.WaitChains)" ] \
      && pm_pass "freeze: the dump's wait-chains stream is Postmortem.WaitChains" || pm_fail "freeze: the dump's wait-chains stream differs"
    check_dump freeze "$dump" "$pid" "$tid"
    pm_expect "freeze: LLDB shows the frozen callback" "$PM_LLDB_OUT" 'freeze_cb'
    [ -z "$(ls -A "$PM_STORE_DIR/.tmp")" ] && pm_pass "freeze: no draft left" || pm_fail "freeze: drafts left in .tmp"
  fi
else
  pm_fail "freeze: the child did not freeze"; cat "$PM_TEST_TMP/freeze.err" >&2
fi
kill -9 "$frozen_pid" 2>/dev/null; wait "$frozen_pid" 2>/dev/null; PM_TARGET_PID=

# ---- 1b. Killed while it hangs (what a person does): the report is still published -----
# Once the dump is done the watchdog waits one more timeout for a heartbeat (futex
# FUTEX_WAIT_BITSET_PRIVATE with a deadline) while its dumper, a child, waits for the
# outcome (before the hang it waits the same way, but with no child; during the dump it
# is in poll()); the process is killed then.
watchdog_waits_for_outcome ()
{
  local t children=""
  for t in /proc/"$1"/task/*; do children+="$(cat "$t/children" 2>/dev/null)"; done
  [ -n "${children// /}" ] &&
    grep -q -E '^202 0x[0-9a-f]+ 0x89 0x[0-9a-f]+ 0x[0-9a-f]*[1-9a-f][0-9a-f]* ' /proc/"$1"/task/*/syscall 2>/dev/null
}
export PM_STORE_DIR="$PM_TEST_TMP/store-killed"
coproc KILLED { exec "$child" freeze 5000 2>"$PM_TEST_TMP/killed.err"; }
killed_pid=$KILLED_PID   # bash unsets KILLED_PID once the coprocess is gone
PM_TARGET_PID=$killed_pid
if read -r -t 30 word pid tid <&"${KILLED[0]}" && [ "$word" = frozen ] &&
   wait_for "the dump to be done" watchdog_waits_for_outcome "$pid"; then
  [ "$(queue_count)" -eq 0 ] && pm_pass "killed: no report before the outcome is known" || pm_fail "killed: a report before the outcome"
  kill -9 "$pid"; wait "$killed_pid" 2>/dev/null
  if wait_for "the report of the killed process" has_reports 1; then
    report=("$PM_STORE_DIR"/queue/*/)
    [ "$(wer_value "${report[0]}Report.wer" Postmortem.HangRecovered)" = false ] && pm_pass "killed: published, HangRecovered=false" \
      || pm_fail "killed: HangRecovered=$(wer_value "${report[0]}Report.wer" Postmortem.HangRecovered)"
    [ -s "${report[0]}minidump.mdmp" ] && pm_pass "killed: the dump is there" || pm_fail "killed: no dump"
  fi
else
  pm_fail "killed: the child did not freeze or was not dumped"; cat "$PM_TEST_TMP/killed.err" >&2
fi
kill -9 "$killed_pid" 2>/dev/null; wait "$killed_pid" 2>/dev/null; PM_TARGET_PID=

# ---- 1c. Frozen for good with a recovery callback and a restart registered -------------
# The watchdog runs the callback once the hang did not end (after the dump), and the
# report says how it ended (Postmortem.RecoveryFinished) with what Reopen needs.
export PM_STORE_DIR="$PM_TEST_TMP/store-recovery"
coproc RECOVERY { exec "$child" freeze-recovery 300 2>"$PM_TEST_TMP/recovery.err"; }
recovery_pid=$RECOVERY_PID   # bash unsets RECOVERY_PID once the coprocess is gone
PM_TARGET_PID=$recovery_pid
if read -r -t 30 word pid tid <&"${RECOVERY[0]}" && [ "$word" = frozen ]; then
  read -r -t 60 line <&"${RECOVERY[0]}"
  [ "$line" = "recovery ran" ] && pm_pass "recovery: the callback ran while the main thread hangs" \
                               || pm_fail "recovery: the child said '$line'"
  if wait_for "the hang report" has_reports 1; then
    report=("$PM_STORE_DIR"/queue/*/)
    wer="${report[0]}Report.wer"
    [ "$(wer_value "$wer" Postmortem.HangRecovered)" = false ] && pm_pass "recovery: HangRecovered=false" \
                                                            || pm_fail "recovery: HangRecovered=$(wer_value "$wer" Postmortem.HangRecovered)"
    [ "$(wer_value "$wer" Postmortem.RecoveryFinished)" = true ] && pm_pass "recovery: RecoveryFinished=true" \
                                                              || pm_fail "recovery: RecoveryFinished=$(wer_value "$wer" Postmortem.RecoveryFinished)"
    [ "$(wer_value "$wer" Postmortem.RestartCommandLine)" = --reopened ] && pm_pass "recovery: RestartCommandLine" \
      || pm_fail "recovery: RestartCommandLine=$(wer_value "$wer" Postmortem.RestartCommandLine)"
    [ "$(wer_value "$wer" Postmortem.RestartFlags)" = 0 ] && pm_pass "recovery: RestartFlags=0" \
      || pm_fail "recovery: RestartFlags=$(wer_value "$wer" Postmortem.RestartFlags)"
    [ "$(wer_value "$wer" Postmortem.RestartDirectory)" = "$(readlink "/proc/$pid/cwd")" ] && pm_pass "recovery: RestartDirectory is its directory" \
      || pm_fail "recovery: RestartDirectory=$(wer_value "$wer" Postmortem.RestartDirectory)"
    pm_expect "recovery: RunTimeSeconds" "$(wer_value "$wer" Postmortem.RunTimeSeconds)" '^[0-9]+$'
    kill -0 "$pid" 2>/dev/null && pm_pass "recovery: the process is still alive" || pm_fail "recovery: the process is gone"
  fi
else
  pm_fail "recovery: the child did not freeze"; cat "$PM_TEST_TMP/recovery.err" >&2
fi
kill -9 "$recovery_pid" 2>/dev/null; wait "$recovery_pid" 2>/dev/null; PM_TARGET_PID=

# ---- 2. A loop that recovers ---------------------------------------------------------
export PM_STORE_DIR="$PM_TEST_TMP/store-recover"
coproc RECOVER { exec "$child" recover 2000 2>"$PM_TEST_TMP/recover.err"; }
recover_pid=$RECOVER_PID   # bash unsets RECOVER_PID once the coprocess is gone
PM_TARGET_PID=$recover_pid
if read -r -t 30 word pid tid <&"${RECOVER[0]}" && [ "$word" = frozen ]; then
  # The dumper began its report: the hang was noticed. Let the loop go on.
  if wait_for "the hang to be noticed" has_draft; then
    echo go >&"${RECOVER[1]}"
    read -r -t 30 word <&"${RECOVER[0]}"
    [ "$word" = resumed ] && pm_pass "recover: the loop runs again" || pm_fail "recover: the child said '$word'"
    if wait_for "the hang report" has_reports 1; then
      report=("$PM_STORE_DIR"/queue/*/)
      wer="${report[0]}Report.wer"
      [ "$(wer_value "$wer" Postmortem.HangRecovered)" = true ] && pm_pass "recover: HangRecovered=true" \
                                                              || pm_fail "recover: HangRecovered=$(wer_value "$wer" Postmortem.HangRecovered)"
      [ "$(wer_value "$wer" EventType)" = AppHangB1 ] && pm_pass "recover: EventType AppHangB1" || pm_fail "recover: EventType $(wer_value "$wer" EventType)"
    fi
  fi
  exec {RECOVER[1]}>&-
  wait "$recover_pid"; rc=$?
  [ $rc -eq 0 ] && pm_pass "recover: the program ended normally" || { pm_fail "recover: exit status $rc"; cat "$PM_TEST_TMP/recover.err" >&2; }
  [ "$(queue_count)" -eq 1 ] && pm_pass "recover: one report" || pm_fail "recover: $(queue_count) reports"
else
  pm_fail "recover: the child did not freeze"; cat "$PM_TEST_TMP/recover.err" >&2
fi
PM_TARGET_PID=

# ---- 3. A loop that is not hung ------------------------------------------------------
export PM_STORE_DIR="$PM_TEST_TMP/store-healthy"
out="$(timeout 60 "$child" healthy 1500 2>"$PM_TEST_TMP/healthy.err")"; rc=$?
[ $rc -eq 0 ] && [ "$out" = healthy ] && pm_pass "healthy: beat for 2 x the timeout and ended" \
                                      || { pm_fail "healthy: exit $rc, said '$out'"; cat "$PM_TEST_TMP/healthy.err" >&2; }
[ "$(queue_count)" -eq 0 ] && [ -z "$(ls -A "$PM_STORE_DIR/.tmp" 2>/dev/null)" ] \
  && pm_pass "healthy: no report, no draft" || pm_fail "healthy: $(queue_count) reports"
pm_expect_not "healthy: the watchdog said nothing" "$(cat "$PM_TEST_TMP/healthy.err")" 'postmortem'

# ---- 4. postmortemctl hang on a deadlock ---------------------------------------------
export PM_STORE_DIR="$PM_TEST_TMP/store-deadlock"
coproc DEADLOCK { exec "$child" deadlock 2>"$PM_TEST_TMP/deadlock.err"; }
deadlock_pid=$DEADLOCK_PID   # bash unsets DEADLOCK_PID once the coprocess is gone
PM_TARGET_PID=$deadlock_pid
if read -r -t 30 word pid t1 t2 <&"${DEADLOCK[0]}" && [ "$word" = deadlock ] &&
   wait_for "both threads to block" threads_in_syscall "$pid" 202 "$t1" "$t2"; then
  if key="$("$ctl" hang "$pid" 2>"$PM_TEST_TMP/ctl.err")"; then
    pm_pass "hang: postmortemctl hang published $key"
    kill -0 "$pid" 2>/dev/null && pm_pass "hang: the process is still alive" || pm_fail "hang: the process is gone"
    wer="$PM_STORE_DIR/queue/$key/Report.wer"
    chains="$(wer_value "$wer" Postmortem.WaitChains)"
    [ "$(wer_value "$wer" EventType)" = AppHangB1 ] && pm_pass "hang: EventType AppHangB1" || pm_fail "hang: EventType $(wer_value "$wer" EventType)"
    [ "$(wer_value "$wer" Postmortem.DetectedBy)" = postmortemctl ] && pm_pass "hang: detected by postmortemctl" || pm_fail "hang: DetectedBy $(wer_value "$wer" Postmortem.DetectedBy)"
    for t in "$t1" "$t2"; do
      pm_expect "hang: thread $t's chain is a cycle through the other thread" "$chains" \
        "\\{\"tid\":$t,\"chain\":\\[[^]]*\"tid\":$([ "$t" = "$t1" ] && echo "$t2" || echo "$t1"),[^]]*\\],\"cycle\":true\\}"
    done
    python3 -c 'import json,sys; json.loads(sys.argv[1])' "$chains" && pm_pass "hang: Postmortem.WaitChains is JSON" || pm_fail "hang: Postmortem.WaitChains is not JSON"
    dump="$PM_STORE_DIR/queue/$key/minidump.mdmp"
    [ "$(wait_chains_stream "$dump")" = "$chains" ] && pm_pass "hang: the dump's stream 0x504d0003 is Postmortem.WaitChains" \
                                                    || pm_fail "hang: the dump's wait-chains stream differs"
    pm_expect "hang: postmortemctl info names the stream" "$("$ctl" info "$dump" 2>&1)" 'PostmortemWaitChains'
    check_dump hang "$dump" "$pid" "$pid"
  else
    pm_fail "hang: postmortemctl hang failed: $(cat "$PM_TEST_TMP/ctl.err")"
  fi
else
  pm_fail "hang: the child did not deadlock"; cat "$PM_TEST_TMP/deadlock.err" >&2
fi
kill -9 "$deadlock_pid" 2>/dev/null; wait "$deadlock_pid" 2>/dev/null; PM_TARGET_PID=

# ---- 5. A hang across processes ---------------------------------------------------
export PM_STORE_DIR="$PM_TEST_TMP/store-xproc"
coproc XPROC { exec "$child" xproc 2>"$PM_TEST_TMP/xproc.err"; }
xproc_pid=$XPROC_PID   # bash unsets XPROC_PID once the coprocess is gone
PM_TARGET_PID=$xproc_pid
if read -r -t 30 word pid other <&"${XPROC[0]}" && [ "$word" = xproc ] &&
   wait_for "the reader and its stuck child to block" threads_in_syscall "$pid" 0 "$pid" &&
   wait_for "the child to block" threads_in_syscall "$other" 202 "$other"; then
  if key="$("$ctl" hang "$pid" 2>"$PM_TEST_TMP/ctl.err")"; then
    wer="$PM_STORE_DIR/queue/$key/Report.wer"
    [ "$(wer_value "$wer" 'Sig\[4\]\.Value')" = 1 ] && pm_pass "xproc: Hang Type 1 (the chain leads into another process)" \
                                                || pm_fail "xproc: Hang Type $(wer_value "$wer" 'Sig\[4\]\.Value')"
    pm_expect "xproc: the chain goes through the pipe to the child" "$(wer_value "$wer" Postmortem.WaitChains)" \
      "\"type\":\"pipe\",.*\"type\":\"thread\",\"status\":\"blocked\",\"pid\":$other,"
    pm_expect "xproc: the child's triage dump is listed" "$(cat "$wer")" "^File\[[0-9]+\]\.Name=triage-$other\.dmp$"
    triage="$PM_STORE_DIR/queue/$key/triage-$other.dmp"
    if [ -s "$triage" ] && pm_lldb "$triage" "thread list"; then
      pm_expect "xproc: LLDB reads the child's triage dump" "$PM_LLDB_OUT" "tid = $other"
    else
      pm_fail "xproc: no triage dump of the child"
    fi
    kill -0 "$pid" 2>/dev/null && kill -0 "$other" 2>/dev/null && pm_pass "xproc: both processes are still alive" \
                                                              || pm_fail "xproc: a process is gone"
  else
    pm_fail "xproc: postmortemctl hang failed: $(cat "$PM_TEST_TMP/ctl.err")"
  fi
else
  pm_fail "xproc: the processes did not block"; cat "$PM_TEST_TMP/xproc.err" >&2
fi
[ -n "${other:-}" ] && kill -9 "$other" 2>/dev/null
kill -9 "$xproc_pid" 2>/dev/null; wait "$xproc_pid" 2>/dev/null; PM_TARGET_PID=

# Bad command lines.
for args in "" "notapid" "1 2" "--tid x 1" "--type triage 1" "--type bogus 1"; do
  # shellcheck disable=SC2086
  "$ctl" hang $args >/dev/null 2>"$PM_TEST_TMP/usage.err"; rc=$?
  [ $rc -eq 2 ] && [ -s "$PM_TEST_TMP/usage.err" ] && pm_pass "hang '$args': refused with a message" \
                                                   || pm_fail "hang '$args': exit $rc"
done
"$ctl" hang --tid 1 "$$" >/dev/null 2>"$PM_TEST_TMP/usage.err"; rc=$?
[ $rc -eq 1 ] && grep -q "has no thread 1" "$PM_TEST_TMP/usage.err" && pm_pass "hang: a thread of another process is refused" \
                                                                  || pm_fail "hang --tid 1: exit $rc: $(cat "$PM_TEST_TMP/usage.err")"

pm_finish
