#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-crash-buckets.sh — the same crash run again under ASLR is the same problem: one
# bucket (and flood control counts it), while another crash site is another bucket.
#
# Runs in: meson test (suite dumper), as
#   test-crash-buckets.sh PM_CRASH_CHILD POSTMORTEM_DUMPER
# PM_CRASH_CHILD is the client tests' crashing program (a PIE, libpostmortem's handler
# installed); each run is a real crash dumped and published by the real dumper.
#
# Proves: three SIGFPE runs with flood control off give three reports whose fault
# addresses differ (so the test can fail) and whose bucket is one; with flood control on,
# one report with Postmortem.Count=3; SIGSEGVs in two other functions are two more buckets; two SIGABRT
# runs (raised inside libc) share a bucket and their stack signature names the program,
# not libc.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/pm-dumper-test-lib.sh"

child="$1"
dumper="$2"

aslr="$(cat /proc/sys/kernel/randomize_va_space 2>/dev/null || echo 0)"
if [ "$aslr" = 0 ]; then
  echo "SKIP: ASLR is off (/proc/sys/kernel/randomize_va_space is 0): runs would not move"
  exit 77
fi

pm_isolate
export PM_DUMPER_PATH="$dumper"
unset PM_TEST_DUMP_TYPE

# crash STORE MODE: one crash of the child into STORE.
crash ()
{
  export PM_STORE_DIR="$1"
  export PM_TEST_MARK_FILE="$PM_TEST_TMP/mark"
  ( ulimit -c 0; ASAN_OPTIONS="$(pm_crash_asan_options)" exec "$child" "$2" ) >"$PM_TEST_TMP/child.out" 2>"$PM_TEST_TMP/child.err"
  if [ $? -lt 128 ]; then pm_fail "$2: the child did not die of a signal"; cat "$PM_TEST_TMP/child.err" >&2; fi
}

# value REPORT KEY: a Report.wer value.
value () { sed -n "s/^$2=//p" "$1/Report.wer"; }

set_flood_window ()
{
  mkdir -p "$XDG_CONFIG_HOME/postmortem"
  printf '[Quota]\nFloodWindowSeconds=%s\n' "$1" > "$XDG_CONFIG_HOME/postmortem/settings.ini"
}

# --- Three runs, flood control off: three reports, one bucket. ---
set_flood_window 0
store="$PM_TEST_TMP/store-separate"
for run in 1 2 3; do crash "$store" divzero; done
reports=( "$store"/queue/*/ )
if [ ${#reports[@]} -ne 3 ]; then
  pm_fail "flood control off: ${#reports[@]} reports, want 3"; ls -R "$store" >&2
else
  pm_pass "flood control off: three reports"
  addresses="$(for r in "${reports[@]}"; do value "$r" Postmortem.FaultAddress; done | sort -u)"
  n_addresses="$(echo "$addresses" | grep -c .)"
  [ "$n_addresses" -ge 2 ] && pm_pass "the fault address moved between runs ($(echo $addresses))" \
                           || pm_fail "the fault address did not move between runs: $addresses (ASLR?)"
  buckets="$(for r in "${reports[@]}"; do value "$r" Response.BucketId; done | sort -u)"
  [ "$(echo "$buckets" | grep -c .)" = 1 ] && pm_pass "three runs, one bucket ($buckets)" \
                                           || pm_fail "three runs, buckets: $(echo $buckets)"
  keys="$(for r in "${reports[@]}"; do basename "$r" | cut -d_ -f3; done | sort -u)"
  [ "$keys" = "$buckets" ] && pm_pass "the keys carry that bucket" || pm_fail "key buckets $(echo $keys), want $buckets"
  for r in "${reports[@]}"; do
    wer="$(cat "$r/Report.wer")"
    pm_expect "Sig[8] is the stack signature" "$wer" '^Sig\[8\]\.Name=Stack Signature$'
    pm_expect "the stack signature starts at the crashing frame" "$wer" \
              '^Sig\[8\]\.Value=pm-crash-child\+0x[0-9a-f]+( pm-crash-child\+0x[0-9a-f]+)?$'
    pm_expect_not "no absolute address in the signature" "$wer" '^Sig\[[0-9]\]\.Name=Fault Address$'
  done
  sigs="$(for r in "${reports[@]}"; do value "$r" 'Sig\[8\]\.Value'; done | sort -u)"
  [ "$(echo "$sigs" | grep -c .)" = 1 ] && pm_pass "one stack signature: $sigs" || pm_fail "stack signatures: $sigs"
  divzero_bucket="$buckets"
fi

# --- Three runs, flood control on: one report counted three times. ---
set_flood_window 3600
store="$PM_TEST_TMP/store-flood"
for run in 1 2 3; do crash "$store" divzero; done
reports=( "$store"/queue/*/ )
if [ ${#reports[@]} -ne 1 ]; then
  pm_fail "flood control on: ${#reports[@]} reports, want 1"; ls -R "$store" >&2
else
  count="$(value "${reports[0]}" Postmortem.Count)"
  [ "$count" = 3 ] && pm_pass "flood control on: one report, Count 3" || pm_fail "flood control on: Count '$count', want 3"
  [ "$(value "${reports[0]}" Response.BucketId)" = "${divzero_bucket:-}" ] && pm_pass "the same bucket in another store" \
    || pm_fail "bucket $(value "${reports[0]}" Response.BucketId) differs from $divzero_bucket"
fi

# --- Other crash sites, other buckets: two SIGSEGVs in two functions. ---
set_flood_window 0
store="$PM_TEST_TMP/store-other"
crash "$store" null
crash "$store" overflow
reports=( "$store"/queue/*/ )
if [ ${#reports[@]} -ne 2 ]; then
  pm_fail "null and overflow: ${#reports[@]} reports, want 2"
else
  buckets="$( (for r in "${reports[@]}"; do value "$r" Response.BucketId; done; echo "${divzero_bucket:-}") | sort -u)"
  [ "$(echo "$buckets" | grep -c .)" = 3 ] && pm_pass "three crash sites, three buckets" \
    || pm_fail "three crash sites, buckets: $(echo $buckets)"
fi

# --- SIGABRT raised inside libc: named by the program's frame, one bucket. ---
store="$PM_TEST_TMP/store-abort"
crash "$store" abort
crash "$store" abort
reports=( "$store"/queue/*/ )
if [ ${#reports[@]} -ne 2 ]; then
  pm_fail "abort: ${#reports[@]} reports, want 2"
else
  buckets="$(for r in "${reports[@]}"; do value "$r" Response.BucketId; done | sort -u)"
  [ "$(echo "$buckets" | grep -c .)" = 1 ] && pm_pass "abort twice, one bucket" || pm_fail "abort twice, buckets: $(echo $buckets)"
  pm_expect "abort: the signature skips libc" "$(cat "${reports[0]}/Report.wer")" \
            '^Sig\[8\]\.Value=pm-crash-child\+0x[0-9a-f]+'
fi

pm_finish
