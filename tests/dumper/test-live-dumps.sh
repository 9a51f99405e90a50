#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-live-dumps.sh — postmortem-dumper on a live multi-threaded process, every
# dump type, read back by LLDB and Breakpad's processor.
#
# Runs in: meson test (suite dumper), as
#   test-live-dumps.sh PM_TEST_TARGET POSTMORTEM_DUMPER POSTMORTEMCTL
#
# Proves: each dump type opens in LLDB and minidump_stackwalk with every
# thread, the right thread names and the parked workers' function in the
# backtraces, no context errors; the heap dump holds the target's heap (a
# known pattern read back with LLDB `memory read`) and the mini dump does not;
# the Linux streams are there (environ only with --environ); bad command
# lines are refused with a message; the target goes on unharmed afterwards;
# `postmortemctl dump` writes the same kind of dump; dumps taken while
# threads appear and vanish all succeed and read back cleanly.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/pm-dumper-test-lib.sh"

target="$1"
dumper="$2"
ctl="$3"
threads=5

pm_find_oracles
pm_isolate
pm_make_symbols "$target"

# The target: named threads parked in pm_test_worker_park, a pattern on the heap.
coproc TARGET { "$target" --threads "$threads"; }
PM_TARGET_PID=$TARGET_PID
# Its output read through a copy of the pipe: once a coprocess exits, bash
# closes its fds and unsets the array, maybe before its last line is read.
exec {target_out}<&"${TARGET[0]}"
read -r -t 20 ready pid pattern touched <&"$target_out" || { pm_fail "target did not start"; pm_finish; }
[ "$ready" = ready ] || { pm_fail "target said '$ready'"; pm_finish; }
# libc's CFI lets Breakpad unwind out of read() into the parked function.
pm_make_symbols "$(grep -m1 -o '/[^ ]*/libc\.so\.6$' "/proc/$pid/maps")"

# The byte the target wrote at offset i of its pattern (see pm-test-target.c).
pattern_byte () { printf '0x%02x\n' $(( ((($1 * 131 + 7) ^ ($1 >> 8))) & 0xff )); }

for type in micro mini heap triage; do
  dump="$PM_TEST_TMP/$type.dmp"
  if ! "$dumper" --pid "$pid" --type "$type" --output "$dump" 2>"$PM_TEST_TMP/dumper.err"; then
    pm_fail "$type: postmortem-dumper failed: $(cat "$PM_TEST_TMP/dumper.err")"
    continue
  fi
  pm_pass "$type: dump written ($(stat -c %s "$dump") bytes)"
  if [ "$type" = heap ]; then pm_check_rules "$dump" --heap; else pm_check_rules "$dump"; fi

  # LLDB: every thread, the workers' function, the modules.
  if pm_lldb "$dump" "thread list" "bt all" "image list"; then
    n=$(echo "$PM_LLDB_OUT" | grep -c -E '^[* ] thread #[0-9]+: tid = ')
    [ "$n" -eq $((threads + 1)) ] && pm_pass "$type: LLDB sees $n threads" || pm_fail "$type: LLDB sees $n threads, want $((threads + 1))"
    n=$(echo "$PM_LLDB_OUT" | grep -c 'pm_test_worker_park')
    [ "$n" -ge "$threads" ] && pm_pass "$type: LLDB backtraces show pm_test_worker_park in $n frames" \
                            || pm_fail "$type: pm_test_worker_park in $n LLDB frames, want >= $threads"
    pm_expect "$type: LLDB backtrace reaches main" "$PM_LLDB_OUT" '`main'
    pm_expect "$type: LLDB lists the target module" "$PM_LLDB_OUT" "$(basename "$target")"
    pm_expect "$type: LLDB lists libc" "$PM_LLDB_OUT" 'libc\.so\.6'
    pm_expect_not "$type: LLDB reports no error" "$PM_LLDB_OUT" '^error:'
  fi

  # Breakpad: no crash, every thread walked with symbols, no context trouble.
  if pm_stackwalk "$dump"; then
    pm_expect "$type: stackwalk says no crash" "$PM_SW_OUT" '^Crash\|No crash\|'
    pm_expect "$type: stackwalk OS line is Linux" "$PM_SW_OUT" '^OS\|Linux\|'
    pm_expect "$type: stackwalk CPU is amd64" "$PM_SW_OUT" '^CPU\|amd64\|'
    n=$(echo "$PM_SW_OUT" | grep -E '^[0-9]+\|0\|' | wc -l)
    [ "$n" -eq $((threads + 1)) ] && pm_pass "$type: stackwalk walked $n threads" || pm_fail "$type: stackwalk walked $n threads"
    n=$(echo "$PM_SW_OUT" | grep -c -E '^[0-9]+\|[0-9]+\|[^|]*\|pm_test_worker_park\|')
    [ "$n" -eq "$threads" ] && pm_pass "$type: stackwalk symbolized pm_test_worker_park in $n threads" \
                            || pm_fail "$type: stackwalk found pm_test_worker_park in $n threads, want $threads"
    pm_expect "$type: stackwalk module with build-id" "$PM_SW_OUT" "^Module\\|$(basename "$target")\\|\\|$(basename "$target")\\|[0-9A-F]{33}\\|"
  fi

  streams="$("$BREAKPAD_BIN/minidump_dump" "$dump" 2>/dev/null)"
  case "$type" in
    mini|heap)
      for i in 0 1 2 3 4; do
        pm_expect "$type: thread name pm-worker-$i" "$streams" "thread_name += \"pm-worker-$i\""
      done
      pm_expect "$type: thread name of main" "$streams" 'thread_name += "pm-test-main"'
      for s in CPU_INFO PROC_STATUS LSB_RELEASE CMD_LINE AUXV MAPS DSO_DEBUG; do
        pm_expect "$type: stream $s" "$streams" "\\(MD_LINUX_$s\\)"
      done
      pm_expect_not "$type: no environment without --environ" "$streams" 'MD_LINUX_ENVIRON'
      ;;
    micro|triage)
      pm_expect_not "$type: no Linux maps stream in a $type dump" "$streams" 'MD_LINUX_MAPS'
      ;;
  esac
  pm_expect "$type: Crashpad info stream" "$streams" 'MD_CRASHPAD_INFO_STREAM'
  pm_expect "$type: Postmortem info stream" "$streams" 'stream_type += 0x504d0001'

  # The heap: present, byte for byte, in a heap dump only.
  off=$((0x8000))
  addr=$(printf '0x%x' $((pattern + off)))
  want="$(for i in 0 1 2 3 4 5 6 7; do pattern_byte $((off + i)); done | tr '\n' ' ' | sed 's/ $//')"
  # LLDB exits 1 when the read fails, which is the expected answer for the
  # smaller dump types, so it is run directly here.
  out="$(timeout 120 lldb --no-lldbinit --batch -c "$dump" -o "memory read --format x --size 1 --count 8 $addr" 2>&1)"
  got="$(echo "$out" | grep -E "^$addr: " | sed "s/^$addr: //" | sed 's/ *$//')"
  if [ "$type" = heap ]; then
    [ "$got" = "$want" ] && pm_pass "heap: LLDB memory read of the pattern gives $got" \
                         || pm_fail "heap: LLDB memory read at $addr gave '$got', want '$want'"
    pm_lldb "$dump" "memory read --format c --size 1 --count 8 $pattern" >/dev/null
    pm_expect "heap: pattern header PMPATTRN" "$PM_LLDB_OUT" 'PMPATTRN'
    pm_expect "heap: Memory64List" "$streams" 'MD_MEMORY_64_LIST_STREAM|stream_type += 0x9 '
    pm_expect "heap: MemoryInfoList" "$streams" 'MD_MEMORY_INFO_LIST_STREAM'
    pm_expect "heap: HandleData" "$streams" 'MD_HANDLE_DATA_STREAM'
  else
    [ -z "$got" ] && pm_pass "$type: the middle of the heap pattern is not in the dump" \
                  || pm_fail "$type: heap memory at $addr is in a $type dump: $got"
  fi
done

# --environ adds the environment stream.
if "$dumper" --pid "$pid" --type mini --environ --output "$PM_TEST_TMP/env.dmp" 2>/dev/null; then
  pm_expect "mini --environ: ENVIRON stream" "$("$BREAKPAD_BIN/minidump_dump" "$PM_TEST_TMP/env.dmp" 2>/dev/null)" 'MD_LINUX_ENVIRON'
else
  pm_fail "mini --environ failed"
fi

# Bad command lines are refused, with a reason.
"$dumper" --pid "$pid" --type bogus --output "$PM_TEST_TMP/x.dmp" 2>"$PM_TEST_TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'unknown dump type' "$PM_TEST_TMP/err" && pm_pass "unknown type refused" || pm_fail "unknown type: exit $rc, $(cat "$PM_TEST_TMP/err")"
"$dumper" --pid "$pid" --type mini --output "$PM_TEST_TMP/mini.dmp" 2>"$PM_TEST_TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'File exists' "$PM_TEST_TMP/err" && pm_pass "existing output not overwritten" || pm_fail "existing output: exit $rc, $(cat "$PM_TEST_TMP/err")"
"$dumper" --pid 999999999 --type mini --output "$PM_TEST_TMP/y.dmp" 2>"$PM_TEST_TMP/err"; rc=$?
[ $rc -eq 2 ] || { [ $rc -eq 1 ] && grep -q 'process' "$PM_TEST_TMP/err"; } && pm_pass "bad pid refused: $(cat "$PM_TEST_TMP/err")" || pm_fail "bad pid: exit $rc"
[ ! -e "$PM_TEST_TMP/y.dmp" ] && pm_pass "no file left behind for a failed dump" || pm_fail "a failed dump left a file"

# postmortemctl dump: the same engine, from the command line.
if out="$("$ctl" dump "$pid" --type micro -o "$PM_TEST_TMP/ctl.dmp" 2>&1)"; then
  pm_expect "postmortemctl dump reports the dump" "$out" "ctl\.dmp: micro dump of process $pid, $((threads + 1)) threads"
  pm_lldb "$PM_TEST_TMP/ctl.dmp" "thread list" && pm_expect "postmortemctl dump: LLDB reads it" "$PM_LLDB_OUT" 'thread #6:'
else
  pm_fail "postmortemctl dump failed: $out"
fi
"$ctl" dump "$pid" --type nope >/dev/null 2>"$PM_TEST_TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'unknown dump type' "$PM_TEST_TMP/err" && pm_pass "postmortemctl dump: bad type is a usage error" || pm_fail "postmortemctl dump --type nope: exit $rc"
"$ctl" dump "$pid" -o "$PM_TEST_TMP/ctl.dmp" >/dev/null 2>"$PM_TEST_TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'File exists' "$PM_TEST_TMP/err" && pm_pass "postmortemctl dump: does not overwrite" || pm_fail "postmortemctl dump over an existing file: exit $rc"
"$ctl" dump >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pm_pass "postmortemctl dump without a PID is a usage error" || pm_fail "postmortemctl dump without PID: exit $rc"

# The target goes on: let it finish and check itself.
exec {TARGET[1]}>&-
read -r -t 30 verdict <&"$target_out"
exec {target_out}<&-
wait "$PM_TARGET_PID"; rc=$?
PM_TARGET_PID=
[ "$verdict" = intact ] && [ $rc -eq 0 ] && pm_pass "target unharmed after $((5)) dumps" || pm_fail "target after the dumps: '$verdict', exit $rc"

# A process whose main thread has exited (pthread_exit, a zombie) while
# the others run on: /proc/PID's own maps and mem are empty then, so the
# dump must be read through a live thread, and say so in its notes.
coproc GONE { "$target" --threads 2 --main-exits; }
PM_TARGET_PID=$GONE_PID
exec {gone_out}<&"${GONE[0]}"
read -r -t 20 ready gpid gpattern _ <&"$gone_out" || pm_fail "main-exits target did not start"
for i in $(seq 1 50); do grep -q 'State:.*Z' "/proc/$gpid/status" && break; sleep 0.1; done
if "$dumper" --pid "$gpid" --type heap --output "$PM_TEST_TMP/gone.dmp" 2>"$PM_TEST_TMP/err"; then
  if pm_lldb "$PM_TEST_TMP/gone.dmp" "thread list" "bt all" "memory read --format c --size 1 --count 8 $gpattern"; then
    n=$(echo "$PM_LLDB_OUT" | grep -c -E '^[* ] thread #[0-9]+: tid = ')
    [ "$n" -eq 3 ] && pm_pass "main thread gone: the 3 live threads (2 workers, the keeper) are dumped" || pm_fail "main thread gone: $n threads, want 3"
    pm_expect "main thread gone: workers in their function" "$PM_LLDB_OUT" 'pm_test_worker_park'
    pm_expect "main thread gone: heap read through a live thread" "$PM_LLDB_OUT" 'PMPATTRN'
  fi
  pm_stackwalk "$PM_TEST_TMP/gone.dmp" && pm_pass "main thread gone: Breakpad reads the dump"
  pm_check_rules "$PM_TEST_TMP/gone.dmp" --heap
  pm_expect "main thread gone: the notes say so" "$(strings "$PM_TEST_TMP/gone.dmp")" "thread $gpid has exited"
else
  pm_fail "dump of a process whose main thread exited: $(cat "$PM_TEST_TMP/err")"
fi
exec {GONE[1]}>&-
read -r -t 30 verdict <&"$gone_out"
exec {gone_out}<&-
wait "$PM_TARGET_PID"; rc=$?
PM_TARGET_PID=
[ "$verdict" = intact ] && [ $rc -eq 0 ] && pm_pass "main-exits target unharmed" || pm_fail "main-exits target: '$verdict', exit $rc"

# Threads that come and go while the dumper stops the process: every dump
# must still be whole (a vanished thread is a note, not a failure).
coproc CHURN { "$target" --threads 2 --churn; }
PM_TARGET_PID=$CHURN_PID
exec {churn_out}<&"${CHURN[0]}"
read -r -t 20 ready cpid _ _ <&"$churn_out" || pm_fail "churning target did not start"
bad=0
for i in $(seq 1 15); do
  if ! "$dumper" --pid "$cpid" --type mini --output "$PM_TEST_TMP/churn-$i.dmp" 2>"$PM_TEST_TMP/err"; then
    pm_fail "dump $i of a churning process failed: $(cat "$PM_TEST_TMP/err")"; bad=1; continue
  fi
  pm_stackwalk "$PM_TEST_TMP/churn-$i.dmp" --walk-may-end-early >/dev/null || bad=1
  python3 "$here/pm-check-dump.py" "$PM_TEST_TMP/churn-$i.dmp" >&2 || { pm_fail "churn dump $i breaks the stream rules"; bad=1; }
  timeout 60 lldb --no-lldbinit --batch -c "$PM_TEST_TMP/churn-$i.dmp" -o 'thread list' >/dev/null 2>&1 || { pm_fail "LLDB cannot load churn dump $i"; bad=1; }
done
[ $bad -eq 0 ] && pm_pass "15 dumps of a process creating and joining threads all read back"
exec {CHURN[1]}>&-
read -r -t 30 verdict <&"$churn_out"
exec {churn_out}<&-
wait "$PM_TARGET_PID"; rc=$?
PM_TARGET_PID=
[ "$verdict" = intact ] && [ $rc -eq 0 ] && pm_pass "churning target unharmed" || pm_fail "churning target: '$verdict', exit $rc"

pm_finish
