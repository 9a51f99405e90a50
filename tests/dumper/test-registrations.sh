#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-registrations.sh — what an application registers goes where WER says:
# registered memory only into heap dumps, excluded memory never, metadata into
# every dump (Crashpad annotations) and report, registered files copied into
# the report, each additional process as its own triage dump.
#
# Runs in: meson test (suite dumper), as
#   test-registrations.sh PM_TEST_REGISTERED POSTMORTEM_DUMPER
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/pm-dumper-test-lib.sh"

prog="$1"
dumper="$2"

pm_find_oracles
pm_isolate
export PM_DUMPER_PATH="$dumper"

doc="$PM_TEST_TMP/notes.txt"
printf 'a user document registered with pm_register_file\nline two\n' > "$doc"

# Reads the Crashpad simple annotations of a dump with a few lines of Python
# that know only the published layout (an independent reader).
annotations ()
{
  python3 - "$1" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
sig, ver, n, dir_rva = struct.unpack_from("<IIII", d, 0)
assert sig == 0x504d444d and (ver & 0xffff) == 0xa793
def utf8(rva):
    (length,) = struct.unpack_from("<I", d, rva)
    return d[rva + 4: rva + 4 + length].decode()
for i in range(n):
    typ, size, rva = struct.unpack_from("<III", d, dir_rva + 12 * i)
    if typ == 0x43500001:
        version = struct.unpack_from("<I", d, rva)[0]
        dsize, drva = struct.unpack_from("<II", d, rva + 36)
        if dsize == 0:
            continue
        (count,) = struct.unpack_from("<I", d, drva)
        for k in range(count):
            krva, vrva = struct.unpack_from("<II", d, drva + 4 + 8 * k)
            print("%s=%s" % (utf8(krva), utf8(vrva)))
EOF
}

# LLDB reads `count` bytes as characters at addr; prints what it got or "".
read_chars ()
{
  timeout 120 lldb --no-lldbinit --batch -c "$1" -o "memory read --format c --size 1 --count 8 $2" 2>&1 |
    grep -E "^$2: " | sed "s/^$2: //"
}

# The same in hex, for the middle of a block: memory around registers (in
# every mini dump) can hold a block's first bytes, never its middle.
read_hex ()
{
  timeout 120 lldb --no-lldbinit --batch -c "$1" -o "memory read --format x --size 1 --count 8 $2" 2>&1 |
    grep -E "^$2: " | sed "s/^$2: //" | sed 's/ *$//'
}

# Bytes i..i+7 of the registered block as pm-test-registered fills it.
registered_bytes ()
{
  for i in 0 1 2 3 4 5 6 7; do printf '0x%02x\n' $(( (($1 + i) * 7) & 0xff )); done | tr '\n' ' ' | sed 's/ $//'
}

# ---- live dumps -------------------------------------------------------------
coproc PROG { "$prog" wait "$doc"; }
PM_TARGET_PID=$PROG_PID
read -r -t 20 ready pid registered excluded helper control <&"${PROG[0]}" || { pm_fail "target did not start"; pm_finish; }
[ "$ready" = ready ] || { pm_fail "target said '$ready'"; pm_finish; }
second_page=$(printf '0x%x' $((registered + 4096)))
excluded_end=$(printf '0x%x' $((excluded + 4096)))

for type in mini heap; do
  dump="$PM_TEST_TMP/live-$type.dmp"
  "$dumper" --pid "$pid" --type "$type" --output "$dump" 2>"$PM_TEST_TMP/err" || { pm_fail "live $type: $(cat "$PM_TEST_TMP/err")"; continue; }
  if [ "$type" = heap ]; then pm_check_rules "$dump" --heap; else pm_check_rules "$dump"; fi
  middle=$(printf '0x%x' $((registered + 2048)))
  got="$(read_hex "$dump" "$middle")"
  if [ "$type" = heap ]; then
    [ "$got" = "$(registered_bytes 2048)" ] && pm_pass "live heap: the registered block is in the dump ($got)" \
                                           || pm_fail "live heap: registered block read '$got'"
    [ "$(read_chars "$dump" "$registered")" = PMREGBLK ] && pm_pass "live heap: the registered block starts with PMREGBLK" \
                                                         || pm_fail "live heap: registered block start missing"
    [ -z "$(read_chars "$dump" "$second_page")" ] && pm_pass "live heap: the unregistered page after it is not" || pm_fail "live heap: unregistered read-only page present"
    [ "$(read_chars "$dump" "$control")" = PMCONTRL ] && pm_pass "live heap: a block like the excluded one, not excluded, is there" \
                                                      || pm_fail "live heap: the control block is missing"
  else
    [ -z "$got" ] && pm_pass "live $type: the registered block is not in a $type dump" || pm_fail "live $type: registered block present: '$got'"
  fi
  [ -z "$(read_chars "$dump" "$excluded")" ] && [ -z "$(read_chars "$dump" "$excluded_end")" ] && \
  [ -z "$(read_hex "$dump" "$(printf '0x%x' $((excluded + 2048)))")" ] \
    && pm_pass "live $type: the excluded block is not in the dump" || pm_fail "live $type: excluded memory present"
  pm_expect "live $type: metadata as a Crashpad annotation" "$(annotations "$dump")" '^BuildFlavor=registered-test$'
done
exec {PROG[1]}>&-
wait "$PM_TARGET_PID"; PM_TARGET_PID=

# ---- a crash with a heap dump ---------------------------------------------
export PM_STORE_DIR="$PM_TEST_TMP/store" PM_TEST_DUMP_TYPE=3
( ulimit -c 0; ASAN_OPTIONS="$(pm_crash_asan_options)" exec "$prog" crash "$doc" ) >"$PM_TEST_TMP/crash.out" 2>"$PM_TEST_TMP/crash.err"
rc=$?
[ $rc -eq 139 ] && pm_pass "crash: died of SIGSEGV" || pm_fail "crash: exit $rc: $(cat "$PM_TEST_TMP/crash.err")"
read -r ready pid registered excluded helper control < "$PM_TEST_TMP/crash.out"
reports=( "$PM_STORE_DIR"/queue/*/ )
if [ ${#reports[@]} -eq 1 ] && [ -d "${reports[0]}" ]; then
  report="${reports[0]}"
  wer="$(cat "$report/Report.wer")"
  pm_expect "crash: metadata in Report.wer" "$wer" '^Metadata\[0\]\.Key=BuildFlavor$'
  pm_expect "crash: metadata value in Report.wer" "$wer" '^Metadata\[0\]\.Value=registered-test$'
  pm_expect "crash: heap dump is File[0]" "$wer" '^File\[0\]\.Type=HeapDump$'
  pm_expect "crash: triage dump of the additional process" "$wer" "^File\\[[0-9]\\]\\.Name=triage-$helper\\.dmp\$"
  pm_expect "crash: triage dump type" "$wer" '^File\[[0-9]\]\.Type=TriageDump$'
  pm_expect "crash: the registered file" "$wer" '^File\[[0-9]\]\.Type=UserDocument$'
  copy="$(ls "$report" | grep -E '^file0-' | head -1)"
  [ -n "$copy" ] && cmp -s "$doc" "$report/$copy" && pm_pass "crash: registered file copied byte for byte ($copy)" \
                 || pm_fail "crash: registered file not copied: $(ls "$report")"
  dump="$report/memory.hdmp"
  [ "$(read_hex "$dump" "$(printf '0x%x' $((registered + 2048)))")" = "$(registered_bytes 2048)" ] \
    && pm_pass "crash heap: registered block present" || pm_fail "crash heap: registered block missing"
  [ -z "$(read_chars "$dump" "$excluded")" ] && pm_pass "crash heap: excluded block absent" || pm_fail "crash heap: excluded block present"
  pm_expect "crash heap: metadata as a Crashpad annotation" "$(annotations "$dump")" '^BuildFlavor=registered-test$'
  if pm_lldb "$dump" "bt"; then
    pm_expect "crash heap: LLDB shows the crashing function" "$PM_LLDB_OUT" 'pm_test_registered_crash'
  fi
  triage="$report/triage-$helper.dmp"
  pm_check_rules "$dump" --expect-exception --heap
  [ -f "$triage" ] && pm_check_rules "$triage"
  if [ -f "$triage" ] && pm_lldb "$triage" "thread list" "bt"; then
    pm_expect "triage: LLDB opens it, one thread of pid $helper" "$PM_LLDB_OUT" "tid = $helper,"
    pm_expect "triage: the helper sits in pause()" "$PM_LLDB_OUT" 'pause'
    pm_expect_not "triage: no crash in the additional process" "$PM_LLDB_OUT" 'stop reason = signal'
    pm_stackwalk "$triage" && pm_expect "triage: Breakpad reads it" "$PM_SW_OUT" '^Crash\|No crash\|'
  else
    pm_fail "triage: $triage missing or unreadable"
  fi
else
  pm_fail "crash: ${#reports[@]} reports, want 1"; ls -R "$PM_STORE_DIR" >&2; cat "$PM_TEST_TMP/crash.err" >&2
fi

pm_finish
