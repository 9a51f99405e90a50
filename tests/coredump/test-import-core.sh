#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-import-core.sh — postmortemctl import-core on real cores: kernel cores
# of real crashes (SIGSEGV, SIGABRT, SIGFPE), a gcore core of a live
# process, zstd/xz/lz4-compressed copies, each dump type; truncated and
# malformed cores are refused with a clear message and leave nothing in
# queue/.
#
# Runs in: meson test (suite coredump), an ordinary process.
#
#   test-import-core.sh CRASHER POSTMORTEMCTL [PACKAGED-CRASHER]
#
# PACKAGED-CRASHER is the crasher with an ELF package note (empty when the
# linker cannot write one). Each report must name the program's package and
# version: from that note, from dpkg's database for python3's crash, and from
# an rpm database (of the test's own) for a copy of the crasher.
#
# The dumps pass only if LLDB and Breakpad's minidump_stackwalk read them
# with the right signal, crash address, thread count and modules, and no
# context complaint; the stream rules are checked from the bytes.

source "$PM_SOURCE_DIR/tests/dumper/pm-dumper-test-lib.sh"

crasher="$1"
ctl="$2"
packaged="${3:-}"
pm_find_oracles
pm_isolate
# In a sanitizer build the crasher's crash must reach the kernel, which
# writes the core (AddressSanitizer disables cores by default).
crash_env=(env "ASAN_OPTIONS=$(pm_crash_asan_options):disable_coredump=0:verify_asan_link_order=0")
# Each import goes into a store of its own: the store counts the same crash
# again into the report already queued, and each dump must be checked.
use_store () { export PM_STORE_DIR="$PM_TEST_TMP/store-$1"; queue="$PM_STORE_DIR/queue"; }

pattern="$(cat /proc/sys/kernel/core_pattern)"
case "$pattern" in
  "|"*) pm_skip "core_pattern pipes cores to a program ($pattern): no kernel core to import here" ;;
esac
command -v gcore >/dev/null || pm_skip "gcore (gdb) not installed (run tests/install-deps.sh)"
pm_make_symbols "$crasher"
# libc's CFI too, so Breakpad walks the parked threads out of pause ().
pm_make_symbols "$(ldd "$crasher" | sed -n 's/.*libc\.so\.6 => \([^ ]*\).*/\1/p')"

queued () { ls "$queue" 2>/dev/null | wc -l; }

# kernel_core MODE DIR: runs the crasher in its own directory with cores
# enabled and prints the core's path.
kernel_core ()
{
  local mode="$1" dir="$2"
  mkdir -p "$dir"
  (cd "$dir" && ulimit -c unlimited && exec "${crash_env[@]}" "$crasher" "$mode" --threads 3) > "$dir/out" 2>/dev/null
  ls -d "$dir"/core* 2>/dev/null | head -1
}

# check_dump LABEL DUMP SIGNAL ADDRESS-REGEX THREADS: the oracles' view.
check_dump ()
{
  local label="$1" dump="$2" sig="$3" addr="$4" threads="$5"
  if [ -n "$sig" ]; then pm_check_rules "$dump" --expect-exception; else pm_check_rules "$dump"; fi
  if pm_lldb "$dump" "thread list" "image list"; then
    [ -n "$sig" ] && pm_expect "$label: LLDB stop reason" "$PM_LLDB_OUT" "^\\* thread #1: .*stop reason = signal $sig"
    pm_expect "$label: LLDB sees $threads threads" "$PM_LLDB_OUT" "^  thread #$threads: "
    pm_expect_not "$label: LLDB sees no more threads" "$PM_LLDB_OUT" "thread #$((threads + 1)):"
    pm_expect "$label: LLDB lists the executable" "$PM_LLDB_OUT" " $crasher *\$"
    pm_expect "$label: LLDB lists libc" "$PM_LLDB_OUT" "/libc\\.so\\.6"
  fi
  if pm_stackwalk "$dump"; then
    if [ -n "$sig" ]; then
      pm_expect "$label: stackwalk crash reason and address" "$PM_SW_OUT" "^Crash\\|$sig[^|]*\\|$addr\\|"
    fi
    pm_expect "$label: stackwalk lists the executable with its build-id" "$PM_SW_OUT" "^Module\\|$(basename "$crasher")\\|\\|$(basename "$crasher")\\|[0-9A-F]{33}\\|"
    pm_expect "$label: stackwalk has $threads threads" "$(echo "$PM_SW_OUT" | grep -E '^[0-9]+\|0\|' | wc -l)" "^$threads\$"
  fi
}

# import LABEL CORE [ARGS…]: imports, prints the new report's folder.
import ()
{
  local label="$1" core="$2"; shift 2
  local key
  use_store "$(echo "$label" | tr -c 'a-z0-9\n' -)"
  key="$("$ctl" import-core "$core" "$@" 2>"$PM_TEST_TMP/import.err")" || {
    pm_fail "$label: import-core failed: $(cat "$PM_TEST_TMP/import.err")"; return 1; }
  [ -d "$queue/$key" ] || { pm_fail "$label: no report $key in the queue"; return 1; }
  pm_pass "$label: imported as $key"
  echo "$queue/$key" > "$PM_TEST_TMP/report"
}

# ---- kernel cores of real crashes ----------------------------------------
segv_core=""
for mode in segv abort fpe; do
  core="$(kernel_core "$mode" "$PM_TEST_TMP/kernel-$mode")"
  [ -n "$core" ] && [ -s "$core" ] || { pm_fail "$mode: the kernel wrote no core in its directory (core_pattern $pattern)"; continue; }
  case "$mode" in
    segv) sig=SIGSEGV; addr=0x1234; segv_core="$core" ;;
    abort) sig=SIGABRT; addr='0x[0-9a-f]+' ;;
    fpe) sig=SIGFPE; addr='0x[0-9a-f]+' ;;
  esac
  import "kernel $mode" "$core" || continue
  report="$(cat "$PM_TEST_TMP/report")"
  wer="$(cat "$report/Report.wer")"
  pm_expect "kernel $mode: Report.wer signal" "$wer" "^Sig\\[6\\]\\.Value=$sig\$"
  pm_expect "kernel $mode: Report.wer application" "$wer" "^AppName=$(basename "$crasher")\$"
  pm_expect "kernel $mode: Report.wer threads" "$wer" "^Postmortem\\.Threads=4\$"
  pm_expect "kernel $mode: Report.wer pid" "$wer" "^Postmortem\\.Pid=$(sed -n 's/^ready //p' "$PM_TEST_TMP/kernel-$mode/out")\$"
  [ "$mode" = segv ] && pm_expect "kernel segv: Report.wer fault address" "$wer" '^Postmortem\.FaultAddress=0x1234$'
  [ "$mode" = segv ] && pm_expect "kernel segv: the stack signature names the crashing module, no address" "$wer" '^Sig\[8\]\.Value=pm-core-crasher\+0x[0-9a-f]+'

  check_dump "kernel $mode" "$report/minidump.mdmp" "$sig" "$addr" 4
done

if [ -n "$segv_core" ]; then
  # ---- every dump type ------------------------------------------------------
  for type in micro heap triage; do
    import "kernel segv --type $type" "$segv_core" --type "$type" || continue
    report="$(cat "$PM_TEST_TMP/report")"
    dump="$(ls "$report" | grep -E '\.(mdmp|hdmp)$' | head -1)"
    if [ "$type" = heap ]; then
      pm_check_rules "$report/$dump" --expect-exception --heap
      pm_expect "heap: has a Memory64List" "$("$BREAKPAD_BIN/minidump_dump" "$report/$dump" 2>/dev/null)" 'MD_MEMORY_64_LIST_STREAM|stream_type += 0x9 '
    fi
    check_dump "kernel segv $type" "$report/$dump" SIGSEGV 0x1234 4
  done
  # The mini dump carries the whole command line, recovered from the initial
  # stack in the core (NT_PRPSINFO has only 80 bytes of it, space-joined).
  pm_expect "mini: the command line stream has every argument" \
    "$(python3 -c 'import sys; print(b"\0segv\0--threads\0" + b"3\0" in open(sys.argv[1], "rb").read())' "$(ls "$PM_TEST_TMP"/store-kernel-segv/queue/*/minidump.mdmp | head -1)")" '^True$'
  # ---- compressed copies, as systemd-coredump stores them ----------------------
  for z in zstd xz lz4; do
    case "$z" in
      zstd) zstd -q -c "$segv_core" > "$PM_TEST_TMP/core.zst"; f="$PM_TEST_TMP/core.zst" ;;
      xz) xz -T1 -0 -c "$segv_core" > "$PM_TEST_TMP/core.xz"; f="$PM_TEST_TMP/core.xz" ;;
      lz4) lz4 -q -c "$segv_core" > "$PM_TEST_TMP/core.lz4"; f="$PM_TEST_TMP/core.lz4" ;;
    esac
    import "$z core" "$f" || continue
    check_dump "$z core" "$(cat "$PM_TEST_TMP/report")/minidump.mdmp" SIGSEGV 0x1234 4
  done

  # ---- truncated and malformed cores: a clear error, nothing queued -----------
  use_store bad
  before="$(queued)"
  size="$(stat -c %s "$segv_core")"
  head -c $((size / 2)) "$segv_core" > "$PM_TEST_TMP/truncated"
  head -c $(($(stat -c %s "$PM_TEST_TMP/core.zst") / 2)) "$PM_TEST_TMP/core.zst" > "$PM_TEST_TMP/truncated.zst"
  head -c 3000 "$segv_core" > "$PM_TEST_TMP/headers-only"
  printf 'not a core at all, just text long enough to be read as a header: %s\n' {1..5} > "$PM_TEST_TMP/text"
  for bad in truncated:truncated truncated.zst:truncated headers-only:truncated text:'not an ELF file' \
             crasher:'not a core'; do
    name="${bad%%:*}"; want="${bad#*:}"
    f="$PM_TEST_TMP/$name"; [ "$name" = crasher ] && f="$crasher"
    if "$ctl" import-core "$f" > "$PM_TEST_TMP/bad.out" 2> "$PM_TEST_TMP/bad.err"; then
      pm_fail "$name: imported a bad core"
    else
      pm_expect "$name: refused with a clear message" "$(cat "$PM_TEST_TMP/bad.err")" "not imported: .*$want"
    fi
  done
  pm_expect "bad cores: nothing added to queue/" "$(queued)" "^$before\$"
  pm_expect "bad cores: no draft left behind" "$(ls -A "$PM_STORE_DIR/.tmp" 2>/dev/null | wc -l)" '^0$'
fi

# ---- which package, which version ---------------------------------------------
if [ -n "$packaged" ]; then
  mkdir -p "$PM_TEST_TMP/packaged"
  (cd "$PM_TEST_TMP/packaged" && ulimit -c unlimited && exec "${crash_env[@]}" "$packaged" segv) > /dev/null 2>&1
  core="$(ls -d "$PM_TEST_TMP/packaged"/core* 2>/dev/null | head -1)"
  if [ -n "$core" ] && import "ELF package note" "$core"; then
    wer="$(cat "$(cat "$PM_TEST_TMP/report")/Report.wer")"
    pm_expect "ELF note: the package" "$wer" '^Postmortem\.Package=pm-crasher$'
    pm_expect "ELF note: the version, also as Sig[1]" "$wer" '^Sig\[1\]\.Value=1\.2\.3$'
    pm_expect "ELF note: where it came from" "$wer" '^Postmortem\.PackageSource=elf-note$'
  else
    pm_fail "no core of the packaged crasher"
  fi
else
  echo "note: the linker cannot write package notes; the ELF note case is not run"
fi
python="$(readlink -f /usr/bin/python3)"
owner="$([ -x "$python" ] && dpkg-query -S "$python" 2>/dev/null | head -1 | cut -d: -f1)"
if [ -n "$owner" ]; then
  version="$(dpkg-query -W -f='${Version}' "$owner")"
  mkdir -p "$PM_TEST_TMP/python"
  (cd "$PM_TEST_TMP/python" && ulimit -c unlimited && exec "$python" -c 'import os, signal; os.kill(os.getpid(), signal.SIGSEGV)') > /dev/null 2>&1
  core="$(ls -d "$PM_TEST_TMP/python"/core* 2>/dev/null | head -1)"
  if [ -n "$core" ] && import "python3 (dpkg)" "$core"; then
    wer="$(cat "$(cat "$PM_TEST_TMP/report")/Report.wer")"
    pm_expect "dpkg: the package of $python" "$wer" "^Postmortem\\.Package=$owner\$"
    pm_expect "dpkg: its version, also as Sig[1]" "$wer" "^Sig\\[1\\]\\.Value=$(printf '%s' "$version" | sed 's/[.+]/\\&/g')\$"
    pm_expect "dpkg: where it came from" "$wer" '^Postmortem\.PackageSource=dpkg$'
  else
    pm_fail "no core of python3's crash"
  fi
else
  echo "note: $python is not from a dpkg package here; the dpkg case is not run"
fi

# The rpm database, where rpm is installed: a package registered in a database
# of the test's own (~/.rpmmacros names it; rpm --justdb records the package
# without writing its files), owning a copy of the crasher.
if command -v rpm > /dev/null && command -v rpmbuild > /dev/null && [ -d /var/lib/rpm ]; then
  rpmdir="$PM_TEST_TMP/rpm"
  mkdir -p "$rpmdir/bin" "$rpmdir/top" "$rpmdir/db"
  printf '%%_dbpath %s\n%%_topdir %s\n' "$rpmdir/db" "$rpmdir/top" > "$HOME/.rpmmacros"
  cat > "$rpmdir/crasher.spec" <<SPEC
Name: pm-rpm-crasher
Version: 4.5.6
Release: 7
Summary: A program that crashes, for Postmortem's tests
License: GPL-3.0-or-later
%global debug_package %{nil}
%global __os_install_post %{nil}
%description
A program that crashes.
%install
mkdir -p %{buildroot}$rpmdir/bin
cp $crasher %{buildroot}$rpmdir/bin/pm-rpm-crasher
%files
$rpmdir/bin/pm-rpm-crasher
SPEC
  if rpm --initdb && rpmbuild --quiet -bb "$rpmdir/crasher.spec" > "$rpmdir/build.log" 2>&1 &&
     rpm -i --justdb --nodeps --noscripts "$rpmdir"/top/RPMS/*/pm-rpm-crasher-4.5.6-7.*.rpm 2>> "$rpmdir/build.log"; then
    cp "$crasher" "$rpmdir/bin/pm-rpm-crasher"
    pm_expect "rpm: the database owns the copy" "$(rpm -qf "$rpmdir/bin/pm-rpm-crasher")" '^pm-rpm-crasher-4\.5\.6-7'
    mkdir -p "$rpmdir/run"
    (cd "$rpmdir/run" && ulimit -c unlimited && exec "${crash_env[@]}" "$rpmdir/bin/pm-rpm-crasher" segv) > /dev/null 2>&1
    core="$(ls -d "$rpmdir/run"/core* 2>/dev/null | head -1)"
    if [ -n "$core" ] && import "pm-rpm-crasher (rpm)" "$core"; then
      wer="$(cat "$(cat "$PM_TEST_TMP/report")/Report.wer")"
      pm_expect "rpm: the package" "$wer" '^Postmortem\.Package=pm-rpm-crasher$'
      pm_expect "rpm: its version-release, also as Sig[1]" "$wer" '^Sig\[1\]\.Value=4\.5\.6-7$'
      pm_expect "rpm: where it came from" "$wer" '^Postmortem\.PackageSource=rpm$'
    else
      pm_fail "no core of the rpm-packaged crasher"
    fi
  else
    pm_fail "could not make the test's rpm database: $(tail -5 "$rpmdir/build.log")"
  fi
  rm -f "$HOME/.rpmmacros"
else
  echo "note: rpm and rpmbuild are not installed (tests/install-deps.sh installs them); the rpm case is not run"
fi

# ---- gcore of a live process ------------------------------------------------
mkdir -p "$PM_TEST_TMP/gcore"
coproc LIVE { exec "${crash_env[@]}" "$crasher" wait --threads 5; }
PM_TARGET_PID=$LIVE_PID
read -r ready pid <&"${LIVE[0]}"
if [ "$ready" = ready ]; then
  gcore -o "$PM_TEST_TMP/gcore/core" "$pid" > "$PM_TEST_TMP/gcore.log" 2>&1 || pm_fail "gcore failed: $(tail -3 "$PM_TEST_TMP/gcore.log")"
  exec {LIVE[1]}>&-
  wait "$LIVE_PID"
  PM_TARGET_PID=""
  gcore_core="$PM_TEST_TMP/gcore/core.$pid"
  if [ -s "$gcore_core" ] && import "gcore" "$gcore_core"; then
    report="$(cat "$PM_TEST_TMP/report")"
    check_dump "gcore" "$report/minidump.mdmp" "" "" 6
  fi
else
  pm_fail "the live crasher did not get ready"
fi

pm_finish
