#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# symbols-bench.py — backtraces with Breakpad symbol files, against
# Breakpad's minidump_stackwalk on the same dumps and symbols, measured in the
# same run on the same machine. Target: `postmortemctl info --symbols DIR` at
# least 3x faster (wall time, whole processes, the tools in turn within each
# round) than `minidump_stackwalk DUMP DIR`, over every corpus dump that has
# symbol files in the corpus's symbols/ tree. Also shown: `info` without
# symbols (what the symbol files cost) and `postmortemctl version` (the
# process start-up floor).
#
# Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench`.
#   tests/bench/symbols-bench.py BUILD_DIR [ROUNDS]
# Exits 1 if the target is missed; 77 without the corpus or the anchor.
import os
import statistics
import subprocess
import sys
import time

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PM_BUILD_DIR", "build"))
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
here = os.path.dirname(os.path.abspath(__file__))
corpus = os.environ.get("PM_CORPUS_DIR", os.path.join(here, "..", "..", "..", "shared", "corpus"))
symbols = os.path.join(corpus, "symbols")
ctl = os.path.join(build, "app", "postmortemctl")
oracles = os.environ.get("PM_ORACLE_DIR", os.path.expanduser("~/.cache/postmortem/oracles"))
stackwalk = os.path.join(oracles, "node_modules/minidump/bin/linux-x64/minidump_stackwalk")
if not os.path.isdir(symbols):
    print(f"SKIP: no corpus symbols at {symbols} (PM_CORPUS_DIR)")
    sys.exit(77)
if not os.access(stackwalk, os.X_OK):
    print(f"SKIP: no minidump_stackwalk at {stackwalk} (tests/bench/build-anchors.sh)")
    sys.exit(77)
env = dict(os.environ)
env.pop("DEBUGINFOD_URLS", None)

# The corpus dumps whose crashing modules have symbol files (as
# tests/symbolize/test-breakpad-symbols.py finds them).
DUMPS = ["breakpad__minidump2.dmp", "breakpad__minidump_32bit_crash_addr.dmp", "breakpad__linux_inline.dmp",
         "breakpad__linux_null_read_av.dmp", "breakpad__linux_overflow.dmp", "lldb__fizzbuzz_no_heap.dmp",
         "lldb__linux-x86_64.dmp"]
dumps = [os.path.join(corpus, d) for d in DUMPS if os.path.exists(os.path.join(corpus, d))]


def spawn(argv):
    """Wall seconds of argv, started with posix_spawn, output discarded."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, null.fileno(), 1),
                                                              (os.POSIX_SPAWN_DUP2, null.fileno(), 2)])
        _, status, _ = os.wait4(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 and argv[0] == ctl:
            raise SystemExit(f"symbols-bench: {' '.join(argv)} failed")
        return time.perf_counter() - t0


tools = {
    "minidump_stackwalk DUMP DIR": lambda d: [stackwalk, d, symbols],
    "postmortemctl info --symbols DIR": lambda d: [ctl, "info", "--symbols", symbols, d],
    "postmortemctl info (no symbols)": lambda d: [ctl, "info", d],
    "postmortemctl version (floor)": lambda d: [ctl, "version"],
}
per_round = {name: [] for name in tools}
print(f"load average before: {open('/proc/loadavg').read().strip()}")
print(f"{len(dumps)} dumps with symbols, {rounds} rounds, the tools in turn")
for _ in range(rounds):
    for name, argv in tools.items():
        per_round[name].append(sum(spawn(argv(d)) for d in dumps) / len(dumps))
median = {name: statistics.median(times) for name, times in per_round.items()}
for name, t in median.items():
    print(f"  {name:36s} {t * 1000:8.2f} ms per dump (median of {rounds} rounds)")
ratio = median["minidump_stackwalk DUMP DIR"] / median["postmortemctl info --symbols DIR"]
print(f"info --symbols is {ratio:.2f}x faster than minidump_stackwalk (target >= 3x)")
print(f"load average after: {open('/proc/loadavg').read().strip()}")
sys.exit(0 if ratio >= 3 else 1)
