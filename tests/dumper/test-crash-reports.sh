#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-crash-reports.sh — real crashes, the real handler, the real dumper, the
# real store: every way of crashing produces exactly one report whose minidump
# LLDB and Breakpad read as that crash.
#
# Runs in: meson test (suite dumper), as
#   test-crash-reports.sh PM_CRASH_CHILD POSTMORTEM_DUMPER
# PM_CRASH_CHILD is the client tests' crashing program (libpostmortem's
# handler installed, one metadata pair TestKey=TestValue registered).
#
# Proves, per crash kind: the child dies of the original signal; one report
# in queue/ with the Report.wer signature (app, fault module, signal, offset,
# address) and the registered metadata; LLDB shows the crashing thread with
# "stop reason = signal SIGxxx" and the crashing function; minidump_stackwalk
# gives the crash reason and address and the symbolized crashing function,
# with no context errors. Plus micro and heap crash dumps, and a dumper that
# refuses a crash message from a process that is not its peer.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/pm-dumper-test-lib.sh"

child="$1"
dumper="$2"

pm_find_oracles
pm_isolate
pm_make_symbols "$child"
pm_make_symbols "$(ldd "$child" | grep -m1 -o '/[^ ]*/libc\.so\.6')"
export PM_DUMPER_PATH="$dumper"

# mode  signal  function-in-crashing-frames  [dump type]
cases="
null             SIGSEGV crash_null_write
abort            SIGABRT (__GI_)?abort
divzero          SIGFPE  crash_divide_by_zero
ud2              SIGILL  crash_illegal_instruction
trap             SIGTRAP main
bus              SIGBUS  crash_bus_error
overflow         SIGSEGV recurse_forever
overflow-thread  SIGSEGV recurse_forever
thread           SIGSEGV crash_null_write
two-threads      SIGSEGV crash_null_write
previous-handler SIGSEGV crash_null_write
kill-segv        SIGSEGV main
null             SIGSEGV crash_null_write 1
null             SIGSEGV crash_null_write 3
"

signum () { kill -l "$1"; }

while read -r mode sig func dtype; do
  [ -n "$mode" ] || continue
  label="$mode${dtype:+ (type $dtype)}"
  export PM_STORE_DIR="$PM_TEST_TMP/store-$mode-${dtype:-2}"
  export PM_TEST_MARK_FILE="$PM_TEST_TMP/mark-$mode"
  if [ -n "$dtype" ]; then export PM_TEST_DUMP_TYPE="$dtype"; else unset PM_TEST_DUMP_TYPE; fi
  rm -f "$PM_TEST_MARK_FILE"

  ( ulimit -c 0; ASAN_OPTIONS="$(pm_crash_asan_options)" exec "$child" "$mode" ) >"$PM_TEST_TMP/child.out" 2>"$PM_TEST_TMP/child.err"
  rc=$?
  want=$((128 + $(signum "${sig#SIG}")))
  [ $rc -eq $want ] && pm_pass "$label: child died of $sig" || { pm_fail "$label: exit $rc, want $want ($sig)"; cat "$PM_TEST_TMP/child.err" >&2; }

  reports=( "$PM_STORE_DIR"/queue/*/ )
  if [ ${#reports[@]} -ne 1 ] || [ ! -d "${reports[0]}" ]; then
    pm_fail "$label: ${#reports[@]} reports in the queue, want 1"; ls -R "$PM_STORE_DIR" >&2; cat "$PM_TEST_TMP/child.err" >&2
    continue
  fi
  report="${reports[0]}"
  pm_pass "$label: one report, $(basename "$report")"
  wer="$(cat "$report/Report.wer")"
  pm_expect "$label: EventType" "$wer" '^EventType=APPCRASH$'
  pm_expect "$label: AppName" "$wer" '^AppName=pm-crash-child$'
  pm_expect "$label: Sig[0] application" "$wer" '^Sig\[0\]\.Value=pm-crash-child$'
  pm_expect "$label: Sig[2] build-id" "$wer" '^Sig\[2\]\.Value=[0-9a-f]{40}$'
  pm_expect "$label: Sig[6] signal" "$wer" "^Sig\\[6\\]\\.Value=$sig\$"
  pm_expect "$label: Sig[7] offset" "$wer" '^Sig\[7\]\.Value=0x[0-9a-f]+$'
  pm_expect "$label: registered metadata" "$wer" '^Metadata\[0\]\.Key=TestKey$'
  pm_expect "$label: registered metadata value" "$wer" '^Metadata\[0\]\.Value=TestValue$'
  case "$mode" in
    abort|kill-segv) ;;  # the signal is raised inside libc
    *) pm_expect "$label: Sig[3] fault module" "$wer" '^Sig\[3\]\.Value=pm-crash-child$' ;;
  esac

  dump="$(ls "$report" | grep -E '\.(mdmp|hdmp)$' | head -1)"
  [ -n "$dump" ] || { pm_fail "$label: no minidump in the report"; continue; }
  dump="$report/$dump"
  if [ "${dtype:-2}" = 3 ]; then pm_check_rules "$dump" --expect-exception --heap; else pm_check_rules "$dump" --expect-exception; fi
  case "${dtype:-2}" in
    1) pm_expect "$label: File[0] is the micro dump" "$wer" '^File\[0\]\.Type=MicroDump$' ;;
    2) pm_expect "$label: File[0] is the mini dump" "$wer" '^File\[0\]\.Type=MiniDump$' ;;
    3) pm_expect "$label: File[0] is the heap dump" "$wer" '^File\[0\]\.Type=HeapDump$' ;;
  esac

  tid="$(echo "$wer" | sed -n 's/^Postmortem\.Tid=//p')"
  if pm_lldb "$dump" "thread list" "bt"; then
    pm_expect "$label: LLDB stop reason" "$PM_LLDB_OUT" "^\\* thread #[0-9]+: tid = $tid, .*stop reason = signal $sig"
    pm_expect "$label: LLDB backtrace shows $func" "$PM_LLDB_OUT" "\`$func( |\\+|\$|\\()"
  fi
  if pm_stackwalk "$dump"; then
    pm_expect "$label: stackwalk crash reason" "$PM_SW_OUT" "^Crash\\|$sig"
    if [ "$mode" = null ]; then
      pm_expect "$label: stackwalk crash address 0x0" "$PM_SW_OUT" "^Crash\\|SIGSEGV /SEGV_MAPERR\\|0x0\\|"
    fi
    crashed="$(echo "$PM_SW_OUT" | sed -n 's/^Crash|[^|]*|[^|]*|\([0-9]*\)$/\1/p')"
    frames="$(echo "$PM_SW_OUT" | grep -E "^$crashed\\|[0-9]+\\|" | head -8)"
    pm_expect "$label: stackwalk shows $func in the crashing thread" "$frames" "^$crashed\\|[0-9]+\\|[^|]*\\|$func\\|"
  fi
  if [ "$mode" = previous-handler ]; then
    [ -s "$PM_TEST_MARK_FILE" ] && pm_pass "$label: the previous handler ran" || pm_fail "$label: the previous handler did not run"
  fi
  if [ "${dtype:-}" = 3 ]; then
    pm_expect "$label: heap dump has a Memory64List" "$("$BREAKPAD_BIN/minidump_dump" "$dump" 2>/dev/null)" 'MD_MEMORY_64_LIST_STREAM|stream_type += 0x9 '
  fi
done <<< "$cases"

# The dumper checks who talks to it: a well-formed message from a process
# that is not the socket's peer is refused with BAD_INFO (status byte 3).
out="$(python3 - "$dumper" <<'EOF'
import os, socket, struct, subprocess, sys
a, b = socket.socketpair()
p = subprocess.Popen([sys.argv[1], "--crash-info-fd", "3"], close_fds=False,
                     preexec_fn=lambda: os.dup2(b.fileno(), 3), stderr=subprocess.PIPE)
b.close()
info = bytearray(5000)
info[0:8] = b"PMCRASH\0"
struct.pack_into("<IIiiiI", info, 8, 1, 5000, 1, 1, 11, 2)   # pid 1: not our peer
a.sendall(bytes(info))
status = a.recv(1)
p.wait()
print(status[0] if status else "none", p.returncode, p.stderr.read().decode().strip())
EOF
)"
pm_expect "a crash message from a stranger is refused" "$out" '^3 1 .*not the crashed process'

pm_finish
