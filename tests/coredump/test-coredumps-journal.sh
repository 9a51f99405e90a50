#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-coredumps-journal.sh — postmortemctl coredumps on a real journal:
# entries in the journal export format, written here, made into a journal
# file by systemd-journal-remote and read back through sd-journal. The cores
# are kernel cores of real crashes, compressed as systemd-coredump stores
# them. Covered: listing (newest first, core present or missing, already a
# report), a Flatpak app recognised from its cgroup, entries not written by
# systemd-coredump or of another user ignored, a missing core refused with a
# clear message, COREDUMP_* values in Report.wer (CMDLINE and ENVIRON only
# with all-data consent), a second import adding nothing, and a crash that
# libpostmortem's own handler already reported not imported again.
#
# Runs in: meson test (suite coredump), an ordinary process.
#
#   test-coredumps-journal.sh CRASHER POSTMORTEMCTL PRELOAD DUMPER [PACKAGED-CRASHER]
#
# Packages: the Flatpak crash names its app, branch, commit and version from
# a Flatpak installation the test lays out; the crash caught by the handler
# is of the crasher with an ELF package note (when the linker can write
# one), and its report gets that package too.

source "$PM_SOURCE_DIR/tests/dumper/pm-dumper-test-lib.sh"

crasher="$1"
ctl="$2"
export PM_PRELOAD_PATH="$3" PM_DUMPER_PATH="$4"
packaged="${5:-}"
remote=/lib/systemd/systemd-journal-remote
[ -x "$remote" ] || pm_skip "systemd-journal-remote not installed (run tests/install-deps.sh)"
pattern="$(cat /proc/sys/kernel/core_pattern)"
case "$pattern" in
  "|"*) pm_skip "core_pattern pipes cores to a program ($pattern): no kernel core to put in the journal here" ;;
esac
pm_find_oracles
pm_isolate
# In a sanitizer build the crashes must reach the kernel (and the handler).
crash_env=(env "ASAN_OPTIONS=$(pm_crash_asan_options):disable_coredump=0:verify_asan_link_order=0")
export PM_STORE_DIR="$PM_TEST_TMP/store"
queue="$PM_STORE_DIR/queue"
mkdir -p "$PM_TEST_TMP/cores" "$PM_TEST_TMP/journal"
uid="$(id -u)"
boot_id="$(tr -d - < /proc/sys/kernel/random/boot_id)"
queued () { ls "$queue" 2>/dev/null | wc -l; }

# crash NAME MODE [run]: a real crash in its own directory; sets PID, STAMP
# (µs) and CORE (the kernel's core). With "run", under libpostmortem's
# handler (postmortemctl run), which reports it before the kernel dumps it.
crash ()
{
  local dir="$PM_TEST_TMP/crash-$1"
  mkdir -p "$dir"
  if [ "${3:-}" = run ]; then
    (cd "$dir" && ulimit -c unlimited && exec "${crash_env[@]}" "$ctl" run -- "${packaged:-$crasher}" "$2" --threads 2) > "$dir/out" 2>/dev/null
  else
    (cd "$dir" && ulimit -c unlimited && exec "${crash_env[@]}" "$crasher" "$2" --threads 2) > "$dir/out" 2>/dev/null
  fi
  STAMP="$(date +%s%6N)"
  PID="$(sed -n 's/^ready //p' "$dir/out")"
  CORE="$(ls -d "$dir"/core* 2>/dev/null | head -1)"
  [ -n "$PID" ] && [ -s "$CORE" ] || { pm_fail "$1: no kernel core (core_pattern $pattern)"; pm_finish; }
}

# entry PID STAMP SIGNAL FILENAME [KEY=VALUE…]: one systemd-coredump entry.
seq=0
entry ()
{
  local pid="$1" stamp="$2" sig="$3" file="$4"; shift 4
  seq=$((seq + 1))
  cat <<ENTRY
__REALTIME_TIMESTAMP=$((stamp + seq))
__MONOTONIC_TIMESTAMP=$((1000000 + seq))
_BOOT_ID=$boot_id
MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1
PRIORITY=2
SYSLOG_IDENTIFIER=systemd-coredump
MESSAGE=Process $pid ($(basename "$crasher")) of user $uid dumped core.
COREDUMP_PID=$pid
COREDUMP_UID=$uid
COREDUMP_GID=$uid
COREDUMP_SIGNAL=$sig
COREDUMP_TIMESTAMP=$stamp
COREDUMP_RLIMIT=18446744073709551615
COREDUMP_COMM=$(basename "$crasher" | cut -c1-15)
COREDUMP_EXE=$crasher
COREDUMP_CMDLINE=$crasher secret-argument
COREDUMP_ENVIRON=HOME=/home/someone
COREDUMP_FILENAME=$file
_UID=0
_GID=0
_COMM=systemd-coredump
_EXE=/usr/lib/systemd/systemd-coredump
_TRANSPORT=journal
ENTRY
  for kv in "$@"; do echo "$kv"; done
  echo
}

# ---- the crashes ---------------------------------------------------------------
crash plain segv;    p1=$PID; s1=$STAMP; zstd -q -c "$CORE" > "$PM_TEST_TMP/cores/core.plain.zst"
crash flatpak abort; p2=$PID; s2=$STAMP; lz4 -q -c "$CORE" > "$PM_TEST_TMP/cores/core.flatpak.lz4"
crash consent fpe;   p3=$PID; s3=$STAMP; xz -T1 -0 -c "$CORE" > "$PM_TEST_TMP/cores/core.consent.xz"
crash handled ill run; p4=$PID; s4=$STAMP; cp "$CORE" "$PM_TEST_TMP/cores/core.handled"
if [ -n "$packaged" ]; then
  # The dumper adds the package once the crashed process was let go: wait
  # for that effect (up to 10 s), then check it.
  for i in $(seq 100); do
    grep -q '^Postmortem.Package=' "$queue"/*/Report.wer 2>/dev/null && break
    sleep 0.1
  done
  handled_wer="$(cat "$queue"/*/Report.wer)"
  pm_expect "the handler's report names the package (ELF note)" "$handled_wer" '^Postmortem\.Package=pm-crasher$'
  pm_expect "the handler's report names the version" "$handled_wer" '^Sig\[1\]\.Value=1\.2\.3$'
fi
# A Flatpak installation of the app, as flatpak lays it out.
app_dir="$XDG_DATA_HOME/flatpak/app/org.example.Crashy"
mkdir -p "$app_dir/x86_64/stable/0123456789abcdef/files/share/metainfo"
ln -s x86_64/stable "$app_dir/current"
ln -s 0123456789abcdef "$app_dir/x86_64/stable/active"
cat > "$app_dir/x86_64/stable/0123456789abcdef/files/share/metainfo/org.example.Crashy.metainfo.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>org.example.Crashy</id>
  <releases><release version="4.5.6" date="2026-01-01"/><release version="4.5.5" date="2025-12-01"/></releases>
</component>
XML
crash again segv;    p5=$PID; s5=$STAMP; zstd -q -c "$CORE" > "$PM_TEST_TMP/cores/core.again.zst"
pm_expect "the handler reported the crash it caught" "$(queued)" '^1$'

{
  entry "$p1" "$s1" 11 "$PM_TEST_TMP/cores/core.plain.zst" \
    "COREDUMP_UNIT=user@$uid.service" "COREDUMP_USER_UNIT=app-plain.scope" \
    "COREDUMP_CGROUP=/user.slice/user-$uid.slice/user@$uid.service/app.slice/app-plain.scope" \
    "COREDUMP_PACKAGE_NAME=pm-crasher" "COREDUMP_PACKAGE_VERSION=1.2.3" \
    'COREDUMP_PACKAGE_JSON={"name":"pm-crasher","version":"1.2.3"}'
  entry "$p2" "$s2" 6 "$PM_TEST_TMP/cores/core.flatpak.lz4" \
    "COREDUMP_CGROUP=/user.slice/user-$uid.slice/user@$uid.service/app.slice/app-flatpak-org.example.Crashy-4242.scope" \
    "COREDUMP_CONTAINER_CMDLINE=bwrap --args 41 crasher"
  # Not written by systemd-coredump: any program can log these fields.
  entry 7001 "$((s2 + 10))" 11 "$PM_TEST_TMP/cores/core.plain.zst" COREDUMP_EXE=/usr/bin/forged | \
    sed -e 's/^_COMM=systemd-coredump$/_COMM=forger/' -e 's/^_UID=0$/_UID=1000/'
  entry 7002 "$((s2 + 11))" 11 "$PM_TEST_TMP/cores/core.plain.zst" | sed -e 's/^_UID=0$/_UID=1000/'
  # Another user's crash.
  entry 7003 "$((s2 + 12))" 11 "$PM_TEST_TMP/cores/core.plain.zst" | sed -e "s/^COREDUMP_UID=.*/COREDUMP_UID=4242/"
  # Its core was not kept (too big, or removed since).
  entry 7004 "$((s2 + 13))" 11 "$PM_TEST_TMP/cores/gone.zst"
  entry "$p3" "$s3" 8 "$PM_TEST_TMP/cores/core.consent.xz"
  entry "$p4" "$s4" 4 "$PM_TEST_TMP/cores/core.handled"
  # The same problem as the first crash, again: the store counts it there.
  entry "$p5" "$s5" 11 "$PM_TEST_TMP/cores/core.again.zst"
} > "$PM_TEST_TMP/entries.export"
"$remote" --output="$PM_TEST_TMP/journal/remote.journal" "$PM_TEST_TMP/entries.export" > "$PM_TEST_TMP/remote.log" 2>&1 \
  || { pm_fail "systemd-journal-remote failed: $(tail -3 "$PM_TEST_TMP/remote.log")"; pm_finish; }
pm_expect "the journal holds the entries" "$(journalctl --directory="$PM_TEST_TMP/journal" -o export | grep -c '^COREDUMP_PID=')" '^9$'

# ---- listing ---------------------------------------------------------------------
jd=(--journal-directory "$PM_TEST_TMP/journal")
list="$("$ctl" coredumps "${jd[@]}")" || pm_fail "coredumps failed"
echo "$list"
pm_expect_not "forged entries are not listed" "$list" '^700[123]-'
pm_expect "the missing core is listed" "$list" '^7004-[0-9]+ .* SIGSEGV +missing'
pm_expect "the Flatpak app is recognised" "$list" "^$p2-[0-9]+ .* SIGABRT +present .*\\(Flatpak org\\.example\\.Crashy\\)"
pm_expect "the handled crash is already a report" "$list" "^$p4-[0-9]+ .* present +yes "
pm_expect "a new crash is not a report yet" "$list" "^$p1-[0-9]+ .* present +no "
json="$("$ctl" coredumps "${jd[@]}" --json)"
pm_expect "JSON: newest first, forged ones left out" \
  "$(echo "$json" | python3 -c 'import json,sys; print(" ".join(str(e["pid"]) for e in json.load(sys.stdin)))')" \
  "^$p5 $p4 $p3 7004 $p2 $p1\$"
pm_expect "JSON: core states" \
  "$(echo "$json" | python3 -c 'import json,sys; print(" ".join(e["core"] for e in json.load(sys.stdin)))')" \
  '^present present present missing present present$'

# ---- import ---------------------------------------------------------------------
err="$("$ctl" coredumps "${jd[@]}" --import 7004 2>&1)"; status=$?
pm_expect "a missing core: not importable, exit 1" "$status" '^1$'
pm_expect "a missing core: a clear message" "$err" 'crash 7004-[0-9]+ not imported: .*kept no core of it.*gone\.zst'
"$ctl" consent "$(basename "$crasher")" all-data > /dev/null || pm_fail "consent all-data"
out="$("$ctl" coredumps "${jd[@]}" --import "$p3")" || pm_fail "import $p3 by pid: $out"
"$ctl" consent --default unset > /dev/null 2>&1
"$ctl" consent "$(basename "$crasher")" unset > /dev/null 2>&1
out="$("$ctl" coredumps "${jd[@]}" --import --all 2>"$PM_TEST_TMP/all.err")"; status=$?
echo "$out"; cat "$PM_TEST_TMP/all.err"
pm_expect "import --all succeeds" "$status" '^0$'
pm_expect "import --all imports the first crash" "$out" "^$p1-[0-9]+: imported as "
pm_expect "import --all imports the Flatpak crash" "$out" "^$p2-[0-9]+: imported as "
pm_expect "import --all counts the same problem into its report" "$out" "^$p5-[0-9]+: counted in "
pm_expect "import --all says why it skips the missing core" "$(cat "$PM_TEST_TMP/all.err")" 'crash 7004-[0-9]+ skipped: its core was not kept'
pm_expect "four reports: the handler's and three imported" "$(queued)" '^4$'

wer_of () { grep -l "^Postmortem.Pid=$1\$" "$queue"/*/Report.wer | head -1 | xargs cat; }
wer="$(wer_of "$p1")"
for kv in "COREDUMP_EXE=$crasher" 'COREDUMP_SIGNAL=11' "COREDUMP_TIMESTAMP=$s1" "COREDUMP_UNIT=user@$uid.service" \
          'COREDUMP_USER_UNIT=app-plain.scope' 'COREDUMP_CGROUP=/user.slice/' 'COREDUMP_PACKAGE_NAME=pm-crasher' \
          'COREDUMP_PACKAGE_VERSION=1.2.3' 'COREDUMP_PACKAGE_JSON=\{"name"' 'Sig\[6\]\.Value=SIGSEGV' \
          'Postmortem.Source=systemd-coredump' "Postmortem.CoredumpTimestamp=$s1"; do
  pm_expect "Report.wer carries $kv" "$wer" "^$kv"
done
pm_expect_not "no command line without all-data consent" "$wer" '^COREDUMP_(CMDLINE|ENVIRON)='
wer="$(wer_of "$p2")"
pm_expect "Flatpak: the app id" "$wer" '^Postmortem.FlatpakApp=org\.example\.Crashy$'
pm_expect "Flatpak: the package is the app" "$wer" '^Postmortem.Package=org\.example\.Crashy$'
pm_expect "Flatpak: the branch" "$wer" '^Postmortem.FlatpakBranch=stable$'
pm_expect "Flatpak: the commit" "$wer" '^Postmortem.FlatpakCommit=0123456789abcdef$'
pm_expect "Flatpak: the version of its newest release" "$wer" '^Sig\[1\]\.Value=4\.5\.6$'
pm_expect "Flatpak: the container command line" "$wer" '^COREDUMP_CONTAINER_CMDLINE=bwrap --args 41 crasher$'
wer="$(wer_of "$p3")"
pm_expect "all-data consent: the command line" "$wer" "^COREDUMP_CMDLINE=$crasher secret-argument\$"
pm_expect "all-data consent: the environment" "$wer" '^COREDUMP_ENVIRON=HOME=/home/someone$'
pm_expect "the report's time is the crash's" \
  "$(sed -n 's/^EventTime=//p' <<< "$wer")" "^$((s3 * 10 + 116444736000000000))\$"
for p in "$p1" "$p2"; do
  dump="$(dirname "$(grep -l "^Postmortem.Pid=$p\$" "$queue"/*/Report.wer | head -1)")/minidump.mdmp"
  if pm_lldb "$dump" "thread list"; then
    pm_expect "crash $p: LLDB reads its dump, 3 threads" "$PM_LLDB_OUT" '^  thread #3: '
  fi
done

# ---- a second import adds nothing ------------------------------------------------
before="$(ls "$queue" | sort)"
out="$("$ctl" coredumps "${jd[@]}" --import --all 2>/dev/null)"
pm_expect_not "second import --all: nothing imported" "$out" 'imported as'
out="$("$ctl" coredumps "${jd[@]}" --import "$p1" "$p4" "$p5")"
pm_expect "second import by id: already a report" "$out" "^$p1-[0-9]+: already a report"
pm_expect "second import of a counted crash: already a report" "$out" "^$p5-[0-9]+: already a report"
pm_expect "the handler's crash: already a report" "$out" "^$p4-[0-9]+: already a report"
pm_expect "second import: the same reports" "$(ls "$queue" | sort)" "^$(echo "$before" | head -1)"
[ "$(ls "$queue" | sort)" = "$before" ] && pm_pass "second import: queue unchanged" || pm_fail "second import changed the queue"
pm_expect "every listed crash with a core is a report now" "$("$ctl" coredumps "${jd[@]}" | grep -c ' present  *yes ')" '^5$'

pm_finish
