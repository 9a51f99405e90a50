#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# dumper-bench.py — how fast dumping is, as ratios against anchors measured
# in the same run on the same machine, whole processes side by side (each
# round runs every tool once, in turn, on the same target):
#   postmortemctl's start-up: `postmortemctl --help` and `postmortemctl dump`
#     (no PID: the usage error), against /bin/true (target: < 5 ms)
#   mini dump of a live 4-thread and 64-thread process vs Breakpad's pid2md:
#     postmortem-dumper (target: >= 3x faster) and `postmortemctl dump`, as a
#     user runs it (target: >= 2x faster)
#   heap dump of a process with 1 GiB touched vs gdb's gcore: postmortem-dumper
#     (target: >= 4x) and `postmortemctl dump --type heap -o FILE` (>= 2x)
#   the dumper's peak RSS during that heap dump (target: < 16 MiB)
#   crash to published report, 4-thread process, mini dump (target: < 100 ms)
# The load average is printed before and after: figures from a busy machine
# say little. Processes are started with posix_spawn (no fork of this Python
# process), the same way for every tool.
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
ctl = os.path.join(build, "app/postmortemctl")
target = os.path.join(build, "tests/dumper/pm-test-target")
crasher = os.path.join(build, "tests/dumper/dumper-bench-crash")
for path in (dumper, ctl, target, crasher):
    if not os.access(path, os.X_OK):
        sys.exit("dumper-bench: %s is missing: build the project first (ninja -C %s)" % (path, build))

# PM_ANCHOR_DIR: where build-anchors.sh builds pid2md (default: its own).
pid2md = subprocess.run([os.path.join(here, "build-anchors.sh")]
                        + ([os.environ["PM_ANCHOR_DIR"]] if os.environ.get("PM_ANCHOR_DIR") else []), check=True,
                        stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
gcore = subprocess.run(["sh", "-c", "command -v gcore"], stdout=subprocess.PIPE, text=True).stdout.strip()
if not gcore:
    sys.exit("dumper-bench: gcore (package gdb) is not installed; run tests/install-deps.sh")
time_cmd = "/usr/bin/time"
if not os.access(time_cmd, os.X_OK):
    sys.exit("dumper-bench: GNU time (package time) is not installed; run tests/install-deps.sh")

scratch = tempfile.mkdtemp(prefix="pm-dumper-bench.", dir=os.environ.get("PM_BENCH_DIR", "/var/tmp"))
failures = []


def run_timed(argv, ok=(0,)):
    """Runs argv, returns (wall seconds, peak RSS in KiB, CPU seconds). The
    CPU time (user + system, the child and what it waited for) is printed too:
    on a machine shared with other work it says more than wall time alone."""
    with tempfile.TemporaryFile() as err, open(os.devnull, "wb") as null:
        start = time.monotonic()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, null.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.monotonic() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            raise RuntimeError("%s failed (%d): %s" % (" ".join(argv[:2]), code,
                                                       err.read().decode(errors="replace").strip()))
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def median_ms(values):
    return statistics.median(values) * 1e3


def verdict(ok):
    return "OK" if ok else "MISSED"


def start_up(runs):
    """postmortemctl's start-up as a user meets it, next to the exec floor."""
    argvs = {"true": (["/bin/true"], (0,)), "help": ([ctl, "--help"], (0,)),
             "dump": ([ctl, "dump"], (2,))}                              # no PID: usage, exit 2
    times = {k: [] for k in argvs}
    cpu = {k: [] for k in argvs}
    for _ in range(runs):
        for name, (argv, ok) in argvs.items():
            sec, _, used = run_timed(argv, ok)
            times[name].append(sec)
            cpu[name].append(used)
    floor, help_t, dump_t = (median_ms(times[k]) for k in ("true", "help", "dump"))
    print("postmortemctl start-up (median of %d): --help %.2f ms, dump (usage) %.2f ms; /bin/true %.2f ms"
          "  [target < 5 ms] %s" % (runs, help_t, dump_t, floor, verdict(max(help_t, dump_t) < 5)))
    print("    CPU time (user+sys, median): --help %.2f ms, dump %.2f ms, /bin/true %.2f ms"
          % tuple(median_ms(cpu[k]) for k in ("help", "dump", "true")))
    if max(help_t, dump_t) >= 5:
        failures.append("start-up %.1f ms" % max(help_t, dump_t))


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
    tools = {
        "pid2md": lambda: [pid2md, str(t.pid), out("pid2md.dmp")],
        "dumper": lambda: [dumper, "--pid", str(t.pid), "--type", "mini", "--output", out("ours.dmp")],
        "ctl": lambda: [ctl, "dump", str(t.pid), "--type", "mini", "-o", out("ctl.dmp")],
    }
    wall = {k: [] for k in tools}
    cpu = {k: [] for k in tools}
    try:
        for _ in range(runs):
            # In turn, so every tool sees the same machine state.
            for name, argv in tools.items():
                sec, _, used = run_timed(argv())
                wall[name].append(sec)
                cpu[name].append(used)
        size_ours = os.path.getsize(os.path.join(scratch, "ours.dmp"))
        size_theirs = os.path.getsize(os.path.join(scratch, "pid2md.dmp"))
    finally:
        t.finish()
    m = {k: statistics.median(v) for k, v in wall.items()}
    c = {k: statistics.median(v) for k, v in cpu.items()}
    ratio, ratio_ctl = m["pid2md"] / m["dumper"], m["pid2md"] / m["ctl"]
    print("mini dump, %2d threads: pid2md %7.2f ms (%d bytes)" % (threads, m["pid2md"] * 1e3, size_theirs))
    print("    postmortem-dumper   %7.2f ms (%d bytes): %.1fx faster  [target >= 3x] %s"
          % (m["dumper"] * 1e3, size_ours, ratio, verdict(ratio >= 3)))
    print("    postmortemctl dump  %7.2f ms: %.1fx faster  [target >= 2x] %s"
          % (m["ctl"] * 1e3, ratio_ctl, verdict(ratio_ctl >= 2)))
    print("    CPU time (user+sys, median): pid2md %.2f ms, postmortem-dumper %.2f ms (%.1fx less), "
          "postmortemctl dump %.2f ms (%.1fx less)"
          % (c["pid2md"] * 1e3, c["dumper"] * 1e3, c["pid2md"] / max(c["dumper"], 1e-6),
             c["ctl"] * 1e3, c["pid2md"] / max(c["ctl"], 1e-6)))
    if ratio < 3:
        failures.append("mini %d threads, dumper: %.1fx" % (threads, ratio))
    if ratio_ctl < 2:
        failures.append("mini %d threads, postmortemctl dump: %.1fx" % (threads, ratio_ctl))


def compare_heap(mib, runs):
    t = Target(3, mib)
    wall = {"gcore": [], "dumper": [], "ctl": []}
    cpu = {k: [] for k in wall}
    rss = []
    sizes = {}
    try:
        for _ in range(runs):
            # Peak RSS through GNU time: ru_maxrss of a child started from this
            # Python process could include Python's own RSS.
            rss_file = out("rss.txt")
            sec, _, used = run_timed([time_cmd, "-f", "%M", "-o", rss_file,
                                      dumper, "--pid", str(t.pid), "--type", "heap", "--output", out("heap.dmp")])
            wall["dumper"].append(sec)
            cpu["dumper"].append(used)
            rss.append(int(open(rss_file).read().split()[-1]))
            sizes["dumper"] = os.path.getsize(os.path.join(scratch, "heap.dmp"))
            os.unlink(os.path.join(scratch, "heap.dmp"))

            sec, _, used = run_timed([ctl, "dump", str(t.pid), "--type", "heap", "-o", out("ctl.hdmp")])
            wall["ctl"].append(sec)
            cpu["ctl"].append(used)
            sizes["ctl"] = os.path.getsize(os.path.join(scratch, "ctl.hdmp"))
            os.unlink(os.path.join(scratch, "ctl.hdmp"))

            sec, _, used = run_timed([gcore, "-o", os.path.join(scratch, "core"), str(t.pid)])
            wall["gcore"].append(sec)
            cpu["gcore"].append(used)
            core = os.path.join(scratch, "core.%d" % t.pid)
            sizes["gcore"] = os.path.getsize(core)
            os.unlink(core)
    finally:
        t.finish()
    m = {k: statistics.median(v) for k, v in wall.items()}
    c = {k: statistics.median(v) for k, v in cpu.items()}
    ratio, ratio_ctl = m["gcore"] / m["dumper"], m["gcore"] / m["ctl"]
    print("heap dump, %d MiB touched: gcore %.3f s (%d bytes)" % (mib, m["gcore"], sizes["gcore"]))
    print("    postmortem-dumper   %.3f s (%.2f GB/s, %d bytes): %.1fx faster  [target >= 4x] %s"
          % (m["dumper"], sizes["dumper"] / m["dumper"] / 1e9, sizes["dumper"], ratio, verdict(ratio >= 4)))
    print("    postmortemctl dump  %.3f s (%d bytes, not fsynced): %.1fx faster  [target >= 2x] %s"
          % (m["ctl"], sizes["ctl"], ratio_ctl, verdict(ratio_ctl >= 2)))
    print("    CPU time (user+sys, median): gcore %.3f s, postmortem-dumper %.3f s (%.1fx less), "
          "postmortemctl dump %.3f s (%.1fx less)"
          % (c["gcore"], c["dumper"], c["gcore"] / max(c["dumper"], 1e-6),
             c["ctl"], c["gcore"] / max(c["ctl"], 1e-6)))
    peak = max(rss)
    print("dumper peak RSS during the heap dump: %.1f MiB  [target < 16 MiB] %s"
          % (peak / 1024.0, verdict(peak < 16 * 1024)))
    if ratio < 4:
        failures.append("heap, dumper: %.1fx" % ratio)
    if ratio_ctl < 2:
        failures.append("heap, postmortemctl dump: %.1fx" % ratio_ctl)
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
    print("dumper-bench: %s and %s, anchors pid2md=%s gcore=%s, scratch %s" % (dumper, ctl, pid2md, gcore, scratch))
    print("load average before: %s" % open("/proc/loadavg").read().strip())
    start_up(20 if quick else 100)
    compare_mini(4, 10 if quick else 30)
    compare_mini(64, 5 if quick else 15)
    compare_heap(256 if quick else 1024, 1 if quick else 3)
    crash_to_report(5 if quick else 10)
    print("load average after: %s" % open("/proc/loadavg").read().strip())
finally:
    subprocess.run(["rm", "-rf", scratch])
if failures:
    print("targets missed or errors: " + "; ".join(failures))
    sys.exit(1)
print("all targets met")
