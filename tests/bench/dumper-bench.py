#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# dumper-bench.py — how fast postmortem-dumper is, as ratios against anchors
# measured in the same run on the same machine (the targets below):
#   mini dump of a live 4-thread and 64-thread process vs Breakpad's pid2md
#     (target: >= 3x faster)
#   heap dump of a process with 1 GiB touched vs gdb's gcore (target: >= 4x)
#   the dumper's peak RSS during that heap dump (target: < 16 MiB)
#   crash to published report, 4-thread process, mini dump (target: < 100 ms)
#
# Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench`.
#   tests/bench/dumper-bench.py BUILD_DIR [--quick]
# Builds the anchors first (tests/bench/build-anchors.sh, in a scratch folder).
# Not part of the default test suite: it takes a minute and writes a few GiB.
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PM_BUILD_DIR", "build"))
quick = "--quick" in sys.argv

dumper = os.path.join(build, "core/dumper/postmortem-dumper")
target = os.path.join(build, "tests/dumper/pm-test-target")
crasher = os.path.join(build, "tests/dumper/dumper-bench-crash")
for path in (dumper, target, crasher):
    if not os.access(path, os.X_OK):
        sys.exit("dumper-bench: %s is missing: build the project first (ninja -C %s)" % (path, build))

pid2md = subprocess.run([os.path.join(here, "build-anchors.sh")], check=True,
                        stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
gcore = subprocess.run(["sh", "-c", "command -v gcore"], stdout=subprocess.PIPE, text=True).stdout.strip()
if not gcore:
    sys.exit("dumper-bench: gcore (package gdb) is not installed; run tests/install-deps.sh")
time_cmd = "/usr/bin/time"
if not os.access(time_cmd, os.X_OK):
    sys.exit("dumper-bench: GNU time (package time) is not installed; run tests/install-deps.sh")

scratch = tempfile.mkdtemp(prefix="pm-dumper-bench.", dir=os.environ.get("PM_BENCH_DIR", "/var/tmp"))
failures = []


def run_timed(argv):
    """Runs argv, returns (wall seconds, peak RSS in KiB, CPU seconds). The
    CPU time (user + system, the child and what it waited for) is printed too:
    on a machine shared with other work it says more than wall time alone."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (argv[0], proc.returncode, err.strip()))
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


class Target:
    def __init__(self, threads, touch_mib=0):
        self.proc = subprocess.Popen([target, "--threads", str(threads), "--touch-mib", str(touch_mib)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "ready", line
        self.pid = int(line[1])

    def finish(self):
        self.proc.stdin.close()
        verdict = self.proc.stdout.readline().strip()
        self.proc.wait()
        if verdict != "intact" or self.proc.returncode != 0:
            failures.append("the target was harmed: %s" % verdict)


def out(name):
    path = os.path.join(scratch, name)
    if os.path.exists(path):
        os.unlink(path)
    return path


def compare_mini(threads, runs):
    t = Target(threads - 1)
    ours, theirs, cpu_ours, cpu_theirs = [], [], [], []
    try:
        for _ in range(runs):
            # Alternate so both see the same machine state.
            sec, _, cpu = run_timed([pid2md, str(t.pid), out("pid2md.dmp")])
            theirs.append(sec)
            cpu_theirs.append(cpu)
            sec, _, cpu = run_timed([dumper, "--pid", str(t.pid), "--type", "mini", "--output", out("ours.dmp")])
            ours.append(sec)
            cpu_ours.append(cpu)
        size_ours = os.path.getsize(os.path.join(scratch, "ours.dmp"))
        size_theirs = os.path.getsize(os.path.join(scratch, "pid2md.dmp"))
    finally:
        t.finish()
    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    ratio = m_theirs / m_ours
    print("mini dump, %2d threads: postmortem-dumper %7.2f ms (%d bytes), pid2md %7.2f ms (%d bytes): %.1fx faster  [target >= 3x] %s"
          % (threads, m_ours * 1e3, size_ours, m_theirs * 1e3, size_theirs, ratio, "OK" if ratio >= 3 else "MISSED"))
    print("    CPU time (user+sys, median): postmortem-dumper %.2f ms, pid2md %.2f ms: %.1fx less"
          % (statistics.median(cpu_ours) * 1e3, statistics.median(cpu_theirs) * 1e3,
             statistics.median(cpu_theirs) / max(statistics.median(cpu_ours), 1e-6)))
    if ratio < 3:
        failures.append("mini %d threads: %.1fx" % (threads, ratio))


def compare_heap(mib, runs_ours, runs_gcore):
    t = Target(3, mib)
    ours, theirs, rss, cpu_ours, cpu_theirs = [], [], [], [], []
    try:
        for _ in range(runs_ours):
            # Peak RSS through GNU time: ru_maxrss of a child forked from this
            # Python process would include Python's own RSS (the kernel keeps
            # the larger of the pre- and post-exec peaks).
            rss_file = out("rss.txt")
            sec, _, cpu = run_timed([time_cmd, "-f", "%M", "-o", rss_file,
                                     dumper, "--pid", str(t.pid), "--type", "heap", "--output", out("heap.dmp")])
            ours.append(sec)
            rss.append(int(open(rss_file).read().split()[-1]))
            cpu_ours.append(cpu)
        size = os.path.getsize(os.path.join(scratch, "heap.dmp"))
        os.unlink(os.path.join(scratch, "heap.dmp"))
        for _ in range(runs_gcore):
            sec, _, cpu = run_timed([gcore, "-o", os.path.join(scratch, "core"), str(t.pid)])
            theirs.append(sec)
            cpu_theirs.append(cpu)
            core = os.path.join(scratch, "core.%d" % t.pid)
            core_size = os.path.getsize(core)
            os.unlink(core)
    finally:
        t.finish()
    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    ratio = m_theirs / m_ours
    print("heap dump, %d MiB touched: postmortem-dumper %.3f s (%.2f GB/s, %d bytes), gcore %.3f s (%d bytes): %.1fx faster  [target >= 4x] %s"
          % (mib, m_ours, size / m_ours / 1e9, size, m_theirs, core_size, ratio, "OK" if ratio >= 4 else "MISSED"))
    print("    CPU time (user+sys, median): postmortem-dumper %.3f s, gcore %.3f s: %.1fx less"
          % (statistics.median(cpu_ours), statistics.median(cpu_theirs),
             statistics.median(cpu_theirs) / max(statistics.median(cpu_ours), 1e-6)))
    peak = max(rss)
    print("dumper peak RSS during the heap dump: %.1f MiB  [target < 16 MiB] %s"
          % (peak / 1024.0, "OK" if peak < 16 * 1024 else "MISSED"))
    if ratio < 4:
        failures.append("heap: %.1fx" % ratio)
    if peak >= 16 * 1024:
        failures.append("peak RSS %.1f MiB" % (peak / 1024.0))


def crash_to_report(runs):
    to_exit, to_publish = [], []
    env = dict(os.environ, PM_DUMPER_PATH=dumper)
    for i in range(runs):
        store = os.path.join(scratch, "store-%d" % i)
        env["PM_STORE_DIR"] = store
        proc = subprocess.Popen(["sh", "-c", "ulimit -c 0; exec \"$0\"", crasher], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        mono, real = (int(x) for x in proc.stdout.readline().split())
        proc.wait()
        gone = time.monotonic_ns()
        queue = os.path.join(store, "queue")
        reports = os.listdir(queue) if os.path.isdir(queue) else []
        if proc.returncode != -11 or len(reports) != 1:
            failures.append("crash run %d: status %s, %d reports" % (i, proc.returncode, len(reports)))
            continue
        published = os.stat(os.path.join(queue, reports[0])).st_ctime_ns
        to_exit.append((gone - mono) / 1e6)
        to_publish.append((published - real) / 1e6)
    if not to_exit:
        return
    print("crash to published report (4 threads, mini): median %.1f ms, max %.1f ms (report renamed into queue/); "
          "crash to process gone: median %.1f ms  [target < 100 ms] %s"
          % (statistics.median(to_publish), max(to_publish), statistics.median(to_exit),
             "OK" if statistics.median(to_publish) < 100 else "MISSED"))
    if statistics.median(to_publish) >= 100:
        failures.append("crash to report %.1f ms" % statistics.median(to_publish))


try:
    print("dumper-bench: %s, anchors pid2md=%s gcore=%s, scratch %s" % (dumper, pid2md, gcore, scratch))
    print("load average before: %s" % open("/proc/loadavg").read().strip())
    compare_mini(4, 10 if quick else 30)
    compare_mini(64, 5 if quick else 15)
    compare_heap(256 if quick else 1024, 2 if quick else 3, 1 if quick else 2)
    crash_to_report(5 if quick else 10)
    print("load average after: %s" % open("/proc/loadavg").read().strip())
finally:
    subprocess.run(["rm", "-rf", scratch])
if failures:
    print("targets missed or errors: " + "; ".join(failures))
    sys.exit(1)
print("all targets met")
