#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-debuginfod-bar.sh — the dump window asks a real debuginfod server for
# symbols only after the person agrees, downloads with progress, and cancels.
#
# Sets up what test-debuginfod-bar.c (the window, under Xvfb) needs:
# - a stripped copy of the demo program pm-demo-notes whose debug file is only
#   on the server (objcopy --only-keep-debug), crashed for real: its report's
#   minidump names no function of the program;
# - elfutils' `debuginfod -F` serving that debug file on 127.0.0.1, logging
#   each request with the client's user agent;
# - a server that answers slowly (a 64 MiB file at 16 KiB a tenth of a second),
#   for Cancel;
# then runs the window test, and last checks the real server's log: the
# application's elfutils client asked exactly once (the Download the test
# clicks), never for "never" or "Not Now".
#
# Usage: test-debuginfod-bar.sh TEST-PROGRAM DEMO-PROGRAM CLIENT-LIB-DIR
# Runs in: meson test (suite ui).
set -uo pipefail
test_program="$1"; demo="$2"; client_lib_dir="$3"

for tool in debuginfod objcopy strip curl python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (run tests/install-deps.sh)"; exit 77; }
done

tmp=$(mktemp -d)
server_pid=; slow_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "$slow_pid" ] && kill "$slow_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
unset DEBUGINFOD_URLS
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/xdg-cache"
export DEBUGINFOD_CACHE_PATH="$tmp/cache"
mkdir -p "$HOME" "$tmp/srv" "$tmp/bin"

# The program, stripped; its debug file only on the server.
program="$tmp/bin/pm-demo-notes"
cp "$demo" "$program"
objcopy --only-keep-debug "$program" "$tmp/srv/pm-demo-notes.debug"
strip --strip-all "$program"
build_id=$(LC_ALL=C readelf -n "$program" | awk '/Build ID/ { print $3 }')
[ -n "$build_id" ] || { echo "FAIL: the demo program has no build-id"; exit 1; }

# Its crash, for real: the demo links libpostmortem (found beside the build's).
printf 'Shopping list\n- milk\n' >"$tmp/notes.txt"
PM_STORE_DIR="$tmp/store" LD_LIBRARY_PATH="$client_lib_dir" \
  ASAN_OPTIONS="handle_segv=0:use_sigaltstack=0:detect_leaks=0:abort_on_error=0:verify_asan_link_order=0" \
  "$program" "$tmp/notes.txt" >/dev/null 2>&1
dump=$(ls "$tmp"/store/queue/APPCRASH_pm-demo-notes_*/minidump.mdmp 2>/dev/null | head -1)
[ -n "$dump" ] || { echo "FAIL: the stripped demo's crash left no report"; exit 1; }

# A free port on 127.0.0.1 (the kernel's choice; tried again if taken meanwhile).
free_port () { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# elfutils' server: up when it serves the debug file.
for attempt in 1 2 3; do
  port=$(free_port)
  debuginfod -F "$tmp/srv" -p "$port" -d "$tmp/debuginfod.sqlite" -v >"$tmp/debuginfod.log" 2>&1 &
  server_pid=$!
  for i in $(seq 1 300); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/buildid/$build_id/debuginfo" || true)
    [ "$code" = 200 ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ "$code" = 200 ] && break
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=
done
[ -n "$server_pid" ] || { echo "FAIL: debuginfod did not serve $build_id:"; cat "$tmp/debuginfod.log"; exit 1; }

# The slow server: answers every build-id with a large file, slowly.
cat >"$tmp/slow.py" <<'EOF'
import http.server, sys, time
class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        size = 64 * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.send_header("X-Debuginfod-Size", str(size))
        self.end_headers()
        try:
            for _ in range(size // 16384):
                self.wfile.write(b"\0" * 16384)
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
python3 "$tmp/slow.py" >"$tmp/slow.port" &
slow_pid=$!
for i in $(seq 1 100); do [ -s "$tmp/slow.port" ] && break; sleep 0.1; done
slow_port=$(head -1 "$tmp/slow.port")
[ -n "$slow_port" ] || { echo "FAIL: the slow server did not start"; exit 1; }

PM_TEST_DUMP="$dump" PM_TEST_SERVER="http://127.0.0.1:$port" PM_TEST_SLOW_SERVER="http://127.0.0.1:$slow_port" \
  PM_TEST_BUILD_ID="$build_id" "$test_program"
status=$?
[ "$status" -eq 0 ] || exit "$status"

# The log of the real server: the application's client asked once, for that build-id.
asked=$(grep -c "UA:elfutils.*GET /buildid/$build_id/debuginfo" "$tmp/debuginfod.log")
others=$(grep "UA:elfutils" "$tmp/debuginfod.log" | grep -vc "/buildid/$build_id/debuginfo")
if [ "$asked" != 1 ] || [ "$others" != 0 ]; then
  echo "FAIL: the server was asked $asked time(s) for $build_id and $others time(s) for anything else, want 1 and 0:"
  grep "GET" "$tmp/debuginfod.log"
  exit 1
fi
echo "ok: the server was asked once, after Download, for the program's build-id only"
