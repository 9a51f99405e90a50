#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-debuginfod.sh — `postmortemctl debuginfod` against a real elfutils
# debuginfod server on 127.0.0.1, on a real crash.
#
# A -g program is split: its debug information goes into the server's
# directory (objcopy --only-keep-debug), the copy that runs is stripped (its
# build-id note stays). It crashes under `postmortemctl run` (the real
# preload handler, dumper and store). Then:
#  - `info` shows the program's frames as module+offset, and the server's log
#    shows no request from elfutils' client, even with DEBUGINFOD_URLS set:
#    the walker never asks a server on its own;
#  - `debuginfod KEY --server URL --progress` wants exactly the modules with
#    unnamed frames (the program, by its build-id; not libc), downloads the
#    file into $DEBUGINFOD_CACHE_PATH and exits 0;
#  - `info` and `info --json`, with no server set, then name crash_here,
#    level2, level1 and main with their source lines;
#  - --max-size below the file's size fails, saying so, and caches nothing;
#  - an unknown build-id fails naming the server and "no debug information";
#  - a file with another build-id planted in the cache under the program's
#    build-id is not used by `info`, and `debuginfod` replaces it;
#  - bad command lines exit 2 with a message.
#
# Runs in: meson test (suite symbolize).
#
# Usage: test-debuginfod.sh POSTMORTEMCTL PRELOAD DUMPER CRASHER-FP CRASHER-CFI [SANITIZER-PRELOAD]
set -uo pipefail
ctl="$1"; preload="$2"; dumper="$3"; crasher_fp="$4"; crasher_cfi="$5"
sanitizer_preload="${6:-}"

command -v debuginfod >/dev/null || { echo "SKIP: the debuginfod server is not installed (package debuginfod; run tests/install-deps.sh)"; exit 77; }
for tool in curl objcopy strip readelf; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (run tests/install-deps.sh)"; exit 77; }
done

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"
export PM_PRELOAD_PATH="$preload" PM_DUMPER_PATH="$dumper"
# The messages checked below are the untranslated ones.
export LC_ALL=C.UTF-8
unset LANGUAGE
# Debian sets DEBUGINFOD_URLS system-wide: nothing here may reach another server.
unset PM_STORE_DIR PM_DUMP_TYPE PM_SETTINGS_FILE DEBUGINFOD_URLS DEBUGINFOD_PROGRESS DEBUGINFOD_VERBOSE
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_abort=0:abort_on_error=0"
cache="$tmp/debuginfod-cache"
export DEBUGINFOD_CACHE_PATH="$cache"

src_file="${PM_SOURCE_DIR:-$(dirname "$0")/../..}/tests/symbolize/pm-sym-crasher.c"
line_of() { grep -n "pm-line:$1 " "$src_file" | cut -d: -f1; }
L_CRASH=$(line_of crash_here); L2=$(line_of level2); L1=$(line_of level1); LMAIN=$(line_of main)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
build_id_of() { readelf -n "$1" 2>/dev/null | awk '/Build ID:/ { print $3; exit }'; }
backtrace_of() { sed -n '/^Backtrace of the crashing thread/,/^$/p' "$1"; }

# The program, stripped, and its debug file in the server's directory.
mkdir -p "$tmp/bin" "$tmp/srv" "$tmp/other"
prog="$tmp/bin/pm-dbg-crasher"
objcopy --only-keep-debug "$crasher_fp" "$tmp/srv/pm-dbg-crasher.debug" || { echo "FAIL: objcopy --only-keep-debug"; exit 1; }
cp "$crasher_fp" "$prog" && strip --strip-all "$prog" || { echo "FAIL: strip"; exit 1; }
id=$(build_id_of "$prog")
[ -n "$id" ] && [ "$id" = "$(build_id_of "$tmp/srv/pm-dbg-crasher.debug")" ] \
  || { echo "FAIL: the stripped program and its debug file do not share a build-id ('$id')"; exit 1; }
readelf -S "$prog" | grep -q '\.debug_info\|\.symtab' && { echo "FAIL: $prog still has .debug_info or .symtab"; exit 1; }
# Another program's debug file (same function names, another build-id).
objcopy --only-keep-debug "$crasher_cfi" "$tmp/other/other.debug" || { echo "FAIL: objcopy of the second program"; exit 1; }
[ "$(build_id_of "$tmp/other/other.debug")" != "$id" ] || { echo "FAIL: both programs have build-id $id"; exit 1; }

# The crash, in the default store of this HOME (so that it has a report key).
# The handler ends the process: no leak report for it.
ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" LD_PRELOAD="$sanitizer_preload" \
  "$ctl" run --type mini -- "$prog" >"$tmp/run.out" 2>"$tmp/run.err"
status=$?
[ "$status" -eq 139 ] || { echo "FAIL: the crasher exited $status, expected 139: $(cat "$tmp/run.err")"; exit 1; }
"$ctl" list --json >"$tmp/list.json" || { echo "FAIL: postmortemctl list --json"; exit 1; }
key=$(python3 -c '
import json, sys
reports = json.load(open(sys.argv[1]))
assert len(reports) == 1, reports
print(reports[0]["key"])' "$tmp/list.json") || { echo "FAIL: not one report in the store: $(cat "$tmp/list.json")"; exit 1; }
echo "ok: $prog (build-id $id) crashed into report $key"

# The server: a free port among a few, then wait until it serves the file.
srv_log="$tmp/debuginfod.log"
url=
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  : >"$srv_log"
  # Without DEBUGINFOD_URLS the server does not forward misses anywhere.
  env -u DEBUGINFOD_URLS DEBUGINFOD_CACHE_PATH="$tmp/server-client-cache" \
    debuginfod -F "$tmp/srv" -p "$port" -d "$tmp/debuginfod-$attempt.sqlite" -c 1 -v >"$srv_log" 2>&1 &
  server_pid=$!
  # Started, or gone (the port was taken): bounded by 30 s.
  for _ in $(seq 300); do
    grep -q 'started http server' "$srv_log" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q 'started http server' "$srv_log" && kill -0 "$server_pid" 2>/dev/null; then
    url="http://127.0.0.1:$port"
    break
  fi
  echo "note: debuginfod did not start on port $port: $(tail -1 "$srv_log")"
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null
  server_pid=
done
[ -n "$url" ] || { echo "FAIL: debuginfod did not start on any of 5 ports"; exit 1; }
# It scans its directory in the background: poll until the build-id is served
# (at most 60 s).
code=
for _ in $(seq 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -A pmtestready "$url/buildid/$id/debuginfo")
  [ "$code" = 200 ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ "$code" = 200 ] || { echo "FAIL: $url does not serve $id (HTTP $code): $(tail -5 "$srv_log")"; exit 1; }
echo "ok: debuginfod serves $id at $url"

# Requests from elfutils' client so far, in n_elfutils. The server logs a
# request before it sends the reply: once a request with a marker user agent
# shows in the log, every earlier request is there too.
marker=0
count_elfutils_requests() {
  marker=$((marker + 1))
  curl -s -o /dev/null -A "pmtestmarker$marker" "$url/buildid/$id/debuginfo"
  for _ in $(seq 300); do
    grep -q "UA:pmtestmarker$marker " "$srv_log" && break
    sleep 0.1
  done
  grep -q "UA:pmtestmarker$marker " "$srv_log" || fail "the marker request $marker is not in the server's log"
  n_elfutils=$(grep -c 'UA:elfutils/' "$srv_log")
}

section_failures=$failures
# (a) The walker never asks: frames stay module+offset with the server set.
DEBUGINFOD_URLS="$url" "$ctl" info "$key" >"$tmp/info-before.txt" 2>&1 \
  || fail "info before the download failed: $(tail -3 "$tmp/info-before.txt")"
backtrace_of "$tmp/info-before.txt" >"$tmp/bt-before.txt"
n_unnamed=$(grep -c '^  #[0-3] .* pm-dbg-crasher+0x[0-9a-f]*  \[' "$tmp/bt-before.txt")
[ "$n_unnamed" -eq 4 ] && ! grep -q 'pm-dbg-crasher!' "$tmp/bt-before.txt" \
  || fail "before the download, frames #0-#3 should be pm-dbg-crasher+OFFSET: $(cat "$tmp/bt-before.txt")"
DEBUGINFOD_URLS="$url" "$ctl" info --json "$key" >"$tmp/info-before.json" 2>"$tmp/info-before-json.err" \
  || fail "info --json before the download failed: $(cat "$tmp/info-before-json.err")"
count_elfutils_requests
[ "$n_elfutils" -eq 0 ] || fail "(a) info asked the server by itself: $(grep 'UA:elfutils/' "$srv_log")"
[ "$n_elfutils" -eq 0 ] && [ "$failures" -eq "$section_failures" ] && echo "ok: (a) info shows pm-dbg-crasher+OFFSET frames and sent no request to the server"

section_failures=$failures
# (b) The download, asked for. A DEBUGINFOD_URLS that goes nowhere shows that
# --server is the one asked.
DEBUGINFOD_URLS="http://127.0.0.1:1" "$ctl" debuginfod "$key" --server "$url" --progress \
  >"$tmp/fetch.out" 2>"$tmp/fetch.err"
status=$?
# Only the program's debug file is on the server. Another module with unnamed
# frames (a sanitizer runtime without symbols, in a sanitizer build) is rightly
# wanted too, and rightly not found there: then, and only then, exit 1.
others_missing=$(grep -v "^failed $id " "$tmp/fetch.out" | grep -c '^failed [0-9a-f]* .*no debug information')
others_failed=$(grep -v "^failed $id " "$tmp/fetch.out" | grep -c '^failed')
[ "$others_missing" -gt 0 ] && echo "note: (b) $others_missing other module(s) wanted and not on the server: $(grep '^want' "$tmp/fetch.out" | grep -v "$id" | cut -d' ' -f3 | tr '\n' ' ')"
expected=0; [ "$others_missing" -gt 0 ] && expected=1
[ "$status" -eq "$expected" ] || fail "(b) debuginfod exited $status, expected $expected: $(cat "$tmp/fetch.out" "$tmp/fetch.err")"
[ "$others_failed" -eq "$others_missing" ] || fail "(b) other modules failed: $(grep '^failed' "$tmp/fetch.out")"
# The line protocol: want ID NAME | progress ID RECEIVED TOTAL | done ID PATH | failed ID MESSAGE.
odd=$(grep -Ev '^(want [0-9a-f]+ [^ ]+|progress [0-9a-f]+ [0-9]+ [0-9]+|done [0-9a-f]+ /.+|failed [0-9a-f]+ .+)$' "$tmp/fetch.out")
[ -z "$odd" ] || fail "(b) lines outside the --progress protocol: $odd"
grep -q "^want $id pm-dbg-crasher\$" "$tmp/fetch.out" || fail "(b) no 'want $id pm-dbg-crasher' line: $(cat "$tmp/fetch.out")"
# Every want line: a module of the dump by its build-id, with an unnamed
# frame in the walk; libc (named here) is not wanted.
check=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ids = {m["code_id"]: m["name"].rsplit("/", 1)[-1] for m in d["modules"] if m.get("code_id")}
unnamed = {f["module"] for t in d["threads"] for f in t["frames"] if f["function"] is None and f["module"]}
named = {f["module"] for t in d["threads"] for f in t["frames"] if f["function"] is not None} - unnamed
problems = []
wanted = set()
for line in open(sys.argv[2]):
    words = line.split()
    if words[:1] != ["want"]:
        continue
    wanted.add(words[2])
    if ids.get(words[1]) != words[2]:
        problems.append("want %s %s: not that module'"'"'s build-id in the dump" % (words[1], words[2]))
    if words[2] not in unnamed:
        problems.append("want %s: the module has no unnamed frame" % words[2])
for module in sorted(named):
    if module in wanted:
        problems.append("%s is wanted though all its frames have names" % module)
print("\n".join(problems))' "$tmp/info-before.json" "$tmp/fetch.out" 2>&1)
[ -z "$check" ] || fail "(b) want lines: $check"
# libc's frames have names when its symbols are installed (libc6-dbg): then
# libc must not be wanted.
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if all(f["function"] for t in d["threads"] for f in t["frames"] if f["module"] == "libc.so.6") else 1)' "$tmp/info-before.json"; then
  grep -q '^want [0-9a-f]* libc\.so\.6$' "$tmp/fetch.out" && fail "(b) libc.so.6 is wanted though its frames have names"
else
  echo "note: (b) some of libc's frames have no name here (libc6-dbg not installed?); libc may be wanted"
fi
done_path=$(awk -v id="$id" '$1 == "done" && $2 == id { print $3 }' "$tmp/fetch.out")
case "$done_path" in
  "$cache"/*) ;;
  *) fail "(b) the done path '$done_path' is not inside DEBUGINFOD_CACHE_PATH $cache" ;;
esac
[ -n "$done_path" ] && cmp -s "$done_path" "$tmp/srv/pm-dbg-crasher.debug" \
  || fail "(b) the downloaded file differs from the server's"
grep -q "^failed $id" "$tmp/fetch.out" && fail "(b) the program's download failed: $(grep "^failed $id" "$tmp/fetch.out")"
grep -q 'UA:elfutils/.*GET /buildid/'"$id"'/debuginfo 200' "$srv_log" \
  || fail "(b) the server's log has no elfutils request for $id"
[ "$failures" -eq "$section_failures" ] && echo "ok: (b) debuginfod --progress: $(grep -c '^want' "$tmp/fetch.out") want line(s), done $done_path, exit $status"

section_failures=$failures
# (c) Now named, with no server set.
"$ctl" info "$key" >"$tmp/info-after.txt" 2>&1 || fail "(c) info after the download failed: $(tail -3 "$tmp/info-after.txt")"
backtrace_of "$tmp/info-after.txt" >"$tmp/bt-after.txt"
grep -q '^  #0 .* pm-dbg-crasher!crash_here+0x[0-9a-f]* (.*pm-sym-crasher.c:'"$L_CRASH"')  \[context\]' "$tmp/bt-after.txt" \
  && grep -q '^  #1 .* pm-dbg-crasher!level2+0x[0-9a-f]* (.*pm-sym-crasher.c:'"$L2"')  \[cfi\]' "$tmp/bt-after.txt" \
  && grep -q '^  #2 .* pm-dbg-crasher!level1+0x[0-9a-f]* (.*pm-sym-crasher.c:'"$L1"')  \[cfi\]' "$tmp/bt-after.txt" \
  && grep -q '^  #3 .* pm-dbg-crasher!main+0x[0-9a-f]* (.*pm-sym-crasher.c:'"$LMAIN"')  \[cfi\]' "$tmp/bt-after.txt" \
  || fail "(c) info's backtrace after the download: $(cat "$tmp/bt-after.txt")"
"$ctl" info --json "$key" >"$tmp/info-after.json" 2>"$tmp/info-after-json.err" || fail "(c) info --json failed: $(cat "$tmp/info-after-json.err")"
check=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = d["threads"][d["crashing_thread"]]["frames"]
assert [f["function"] for f in c[:4]] == ["crash_here", "level2", "level1", "main"], c[:4]
assert [f["line"] for f in c[:4]] == [int(x) for x in sys.argv[2:6]], c[:4]
assert all(f["file"].endswith("pm-sym-crasher.c") and f["module"] == "pm-dbg-crasher" for f in c[:4]), c[:4]
' "$tmp/info-after.json" "$L_CRASH" "$L2" "$L1" "$LMAIN" 2>&1) || fail "(c) info --json after the download: $check"
[ "$failures" -eq "$section_failures" ] && echo "ok: (c) info and info --json name crash_here:$L_CRASH level2:$L2 level1:$L1 main:$LMAIN"

section_failures=$failures
# (d) A limit below the file's size: refused, nothing cached.
cache_d="$tmp/cache-d"
DEBUGINFOD_CACHE_PATH="$cache_d" "$ctl" debuginfod "$key" --server "$url" --max-size 1K --progress \
  >"$tmp/fetch-d.out" 2>"$tmp/fetch-d.err"
status=$?
[ "$status" -eq 1 ] || fail "(d) --max-size 1K exited $status, expected 1: $(cat "$tmp/fetch-d.out" "$tmp/fetch-d.err")"
grep -q "^failed $id .*larger than the limit of 1024 bytes" "$tmp/fetch-d.out" \
  || fail "(d) no 'failed $id … larger than the limit' line: $(cat "$tmp/fetch-d.out")"
grep -q '^done' "$tmp/fetch-d.out" && fail "(d) a done line: $(cat "$tmp/fetch-d.out")"
leftover=$(find "$cache_d" -type f \( -name 'debuginfo*' \) 2>/dev/null)
[ -z "$leftover" ] || fail "(d) files left in the cache: $leftover"
[ "$failures" -eq "$section_failures" ] && echo "ok: (d) --max-size 1K: $(grep '^failed' "$tmp/fetch-d.out" | cut -d' ' -f3-), exit 1, nothing cached"

section_failures=$failures
# (e) A build-id no server has.
DEBUGINFOD_CACHE_PATH="$tmp/cache-e" "$ctl" debuginfod --build-id 0011223344 --server "$url" \
  >"$tmp/fetch-e.out" 2>"$tmp/fetch-e.err"
status=$?
[ "$status" -eq 1 ] || fail "(e) an unknown build-id exited $status, expected 1"
grep -q "$url.*no debug information.*0011223344" "$tmp/fetch-e.out" \
  || fail "(e) the message does not name the server and 'no debug information': $(cat "$tmp/fetch-e.out" "$tmp/fetch-e.err")"
[ "$failures" -eq "$section_failures" ] && echo "ok: (e) unknown build-id: $(grep 0011223344 "$tmp/fetch-e.out" | sed 's/^ *//')"

section_failures=$failures
# (f) Another program's debug file planted under this build-id in the cache:
# info does not use it, and debuginfod replaces it with the right one.
cache_f="$tmp/cache-f"
mkdir -p "$cache_f/$id"
cp "$tmp/other/other.debug" "$cache_f/$id/debuginfo"
DEBUGINFOD_CACHE_PATH="$cache_f" "$ctl" info "$key" >"$tmp/info-f.txt" 2>&1 || fail "(f) info failed: $(tail -3 "$tmp/info-f.txt")"
backtrace_of "$tmp/info-f.txt" >"$tmp/bt-f.txt"
[ "$(grep -c '^  #[0-3] .* pm-dbg-crasher+0x[0-9a-f]*  \[' "$tmp/bt-f.txt")" -eq 4 ] && ! grep -q 'pm-dbg-crasher!' "$tmp/bt-f.txt" \
  || fail "(f) a debug file of another build-id named frames: $(cat "$tmp/bt-f.txt")"
DEBUGINFOD_CACHE_PATH="$cache_f" "$ctl" debuginfod "$key" --server "$url" --progress >"$tmp/fetch-f.out" 2>"$tmp/fetch-f.err"
status=$?
[ "$status" -eq 0 ] && grep -q "^done $id $cache_f/$id/debuginfo\$" "$tmp/fetch-f.out" \
  && cmp -s "$cache_f/$id/debuginfo" "$tmp/srv/pm-dbg-crasher.debug" \
  || fail "(f) debuginfod over a wrong cached file: exit $status: $(cat "$tmp/fetch-f.out" "$tmp/fetch-f.err")"
[ "$failures" -eq "$section_failures" ] && echo "ok: (f) a wrong file in the cache is not used by info, and debuginfod replaces it"

# (g) Bad command lines: exit 2 with a message.
bad() {
  local what="$1"; shift
  "$ctl" debuginfod "$@" >"$tmp/bad.out" 2>"$tmp/bad.err"
  local st=$?
  if [ "$st" -eq 2 ] && grep -qF -- "$what" "$tmp/bad.err" && [ ! -s "$tmp/bad.out" ]; then
    echo "ok: (g) debuginfod $*: exit 2: $(head -1 "$tmp/bad.err")"
  else
    fail "(g) debuginfod $*: exit $st, stderr '$(cat "$tmp/bad.err")', stdout '$(cat "$tmp/bad.out")'; expected 2 and '$what' on stderr alone"
  fi
}
bad '“xyz” is not a build-id' --build-id xyz --server "$url"
bad '“ftp://x” is not an http:// or https:// URL' --server ftp://x "$key"
bad 'give a dump, a report key or --build-id' --server "$url"
bad 'give a dump, a report key or --build-id' "$key" --build-id 0011223344 --server "$url"
bad '--max-size: “12X” is not a size' "$key" --max-size 12X --server "$url"
bad '--server needs a value' "$key" --server

count_elfutils_requests
echo "note: the server saw $n_elfutils request(s) from elfutils' client in all"
[ "$failures" -eq 0 ] || { echo "$failures failure(s); the server's log:"; tail -20 "$srv_log"; exit 1; }
echo "all debuginfod checks passed"
