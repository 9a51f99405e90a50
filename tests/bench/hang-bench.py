#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# hang-bench.py — how fast a hang report is made: `postmortemctl hang PID` of a live
# process of 64 threads (an idle worker pool: all waiting on a condition variable), from start to the report being in the
# queue (the key on stdout; target: < 100 ms) and to the command's end (which then looks
# up the program's package), against anchors measured in the same run on the same process,
# whole processes side by side: `postmortemctl dump PID -o FILE` (the same live mini dump
# without a report) and `postmortemctl wait-chain --json PID` (the same chains alone). A
# hang report costs about their sum plus publishing; the ratios say what it adds.
# The load average is printed before and after: figures from a busy machine say little.
#
# Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench hang`.
#   tests/bench/hang-bench.py BUILD_DIR [ROUNDS]
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PM_BUILD_DIR", "build"))
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 11
ctl = os.path.join(build, "app/postmortemctl")
child = os.path.join(build, "tests/dumper/pm-hang-child")
for path in (ctl, child):
    if not os.access(path, os.X_OK):
        sys.exit("hang-bench: %s is missing: build the project first (ninja -C %s)" % (path, build))

THREADS = 64
TARGET_MS = 100.0
scratch = tempfile.mkdtemp(prefix="pm-hang-bench.", dir=os.environ.get("PM_BENCH_DIR", "/var/tmp"))


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed(argv, env):
    """Runs argv; returns (seconds to its first line of output, seconds to its end, CPU
    seconds it used: user + system, which a loaded machine inflates far less than wall
    time)."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=err)
        proc.stdout.readline()
        first = time.monotonic() - start
        proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        end = time.monotonic() - start
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError("%s failed (%d): %s" % (" ".join(argv[:3]), proc.returncode,
                                                       err.read().decode(errors="replace")))
    return first, end, usage.ru_utime + usage.ru_stime


def main():
    env = dict(os.environ)
    target = subprocess.Popen([child, "threads", str(THREADS)], stdout=subprocess.PIPE)
    try:
        word, pid = target.stdout.readline().decode().split()
        if word != "ready":
            sys.exit("hang-bench: the target said %r" % word)
        while len(os.listdir("/proc/%s/task" % pid)) < THREADS:
            time.sleep(0.01)
        print("hang-bench: a process of %d threads, %d rounds, load average %s" % (THREADS, rounds, loadavg()))
        published, whole, cpu, dump, chains = [], [], [], [], []
        for i in range(rounds):
            # A store of its own each round: the same hang again would only be counted.
            env["PM_STORE_DIR"] = os.path.join(scratch, "store-%d" % i)
            first, end, used = timed([ctl, "hang", pid], env)
            published.append(first)
            whole.append(end)
            cpu.append(used)
            out = os.path.join(scratch, "dump-%d.dmp" % i)
            dump.append(timed([ctl, "dump", pid, "-o", out], env)[1])
            os.unlink(out)
            chains.append(timed([ctl, "wait-chain", "--json", pid], env)[1])
        ms = lambda values: statistics.median(values) * 1e3
        p, w, d, c = ms(published), ms(whole), ms(dump), ms(chains)
        print("  postmortemctl hang, report in the queue  %7.1f ms (median; min %.1f)  target < %.0f ms: %s"
              % (p, min(published) * 1e3, TARGET_MS, "met" if p < TARGET_MS else "NOT MET"))
        print("  postmortemctl hang, whole command        %7.1f ms (with the package lookup), CPU %.1f ms"
              % (w, ms(cpu)))
        print("  anchor: postmortemctl dump -o FILE       %7.1f ms" % d)
        print("  anchor: postmortemctl wait-chain --json  %7.1f ms" % c)
        print("  hang report / (dump + wait-chain)        %7.2f" % (p / (d + c)))
        print("hang-bench: load average after %s" % loadavg())
        return 0 if p < TARGET_MS else 1
    finally:
        target.kill()
        target.wait()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
