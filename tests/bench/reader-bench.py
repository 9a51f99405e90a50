#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# reader-bench.py — how fast the minidump reader is, against anchors measured
# in the same run on the same machine (the targets below):
#   1. `postmortemctl info --json` on a 1 GiB heap dump: under 50 ms (the
#      reader maps the file and reads lazily; it never copies memory ranges
#      it was not asked for). Anchors: `postmortemctl version` (the process
#      start-up floor) and reading the whole file once (what a reader that
#      copied every range would pay at least).
#   2. the whole corpus (every MDMP file of the corpus) read one process per
#      file, against Breakpad's `minidump_dump` on the same files, the tools in
#      turn within each round: `postmortemctl info` per file at least 3x faster
#      (wall time); also shown: `info --json` (which walks every thread's
#      stack), the reader alone (fuzz-minidump-reader-corpus, every accessor on
#      every entry, one process per file) and `postmortemctl version` (the
#      start-up floor: the executable links libc alone and holds info, the
#      reader and the walker; only to walk a stack with a module file here
#      does info load a module, with libdw).
#
# Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench`.
#   tests/bench/reader-bench.py BUILD_DIR [--real]
# The 1 GiB dump is synthetic (a valid minidump: SystemInfo, threads with
# contexts, modules, exception, Memory64List of 4096 x 256 KiB ranges) written
# sparsely, so it costs no disk. With --real it is instead a heap dump of
# pm-test-target --touch-mib 1024 made by postmortem-dumper (needs ~1 GiB).
# Exits 1 if a target is missed.
import atexit
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PM_BUILD_DIR", "build"))
real = "--real" in sys.argv
here = os.path.dirname(os.path.abspath(__file__))
corpus = os.environ.get("PM_CORPUS_DIR", os.path.join(here, "..", "..", "..", "shared", "corpus"))
ctl = os.path.join(build, "app", "postmortemctl")
runner = os.path.join(build, "tests", "minidump", "fuzz-minidump-reader-corpus")
for path in (ctl, runner):
    if not os.access(path, os.X_OK):
        sys.exit(f"reader-bench: {path} is missing: build the project first (ninja -C {build})")

oracle_dir = os.environ.get("PM_ORACLE_DIR",
                            os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
                                         "postmortem", "oracles"))
minidump_dump = os.path.join(oracle_dir, "node_modules/minidump/bin/linux-x64/minidump_dump")
if not os.access(minidump_dump, os.X_OK):
    minidump_dump = "/tmp/oracles/node_modules/minidump/bin/linux-x64/minidump_dump"

scratch = tempfile.mkdtemp(prefix="pm-reader-bench.", dir=os.environ.get("PM_BENCH_DIR", "/var/tmp"))
env = dict(os.environ, HOME=scratch, XDG_DATA_HOME=scratch, XDG_CONFIG_HOME=scratch,
           PM_STORE_DIR=os.path.join(scratch, "store"))
failures = []


def cleanup():
    """The 1 GiB file goes whatever happens (a failed run, a closed pipe)."""
    for name in os.listdir(scratch):
        os.unlink(os.path.join(scratch, name))
    os.rmdir(scratch)


atexit.register(cleanup)


def spawn(argv):
    """Runs argv with stdout and stderr on /dev/null, started with posix_spawn
    (no fork of this Python process, the same for every tool); returns (wall
    seconds, CPU seconds of the child, exit status)."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, null.fileno(), 1),
                                                              (os.POSIX_SPAWN_DUP2, null.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def timed(argv, runs):
    """Median wall time of runs executions, in seconds."""
    times = []
    for _ in range(runs):
        wall, _, code = spawn(argv)
        times.append(wall)
        if code != 0:
            raise SystemExit(f"reader-bench: {' '.join(argv)} exited {code}")
    return statistics.median(times)


# ---- 1. a 1 GiB heap dump ---------------------------------------------------
RANGE = 256 * 1024
N_RANGES = 4096                      # 4096 x 256 KiB = 1 GiB
N_THREADS = 16
N_MODULES = 64


def write_synthetic(path):
    """A valid heap-style minidump whose memory is a 1 GiB sparse hole."""
    out = bytearray()
    n_streams = 6
    out += struct.pack("<IIIIIIQ", 0x504d444d, 0xa793, n_streams, 32, 0, 1700000000, 0x2)
    dir_at = len(out)
    out += bytes(12 * n_streams)
    entries = []

    def add(stream_type, data):
        while len(out) % 8:
            out.append(0)
        rva = len(out)
        out.extend(data)
        entries.append((stream_type, len(data), rva))

    def append(data):
        while len(out) % 8:
            out.append(0)
        rva = len(out)
        out.extend(data)
        return rva

    si = struct.pack("<HHHBBIIIII HH", 9, 6, 0x5504, 8, 1, 0, 0, 0, 0x8201, 0, 0, 0) + b"GenuineIntel" + bytes(12)
    assert len(si) == 56
    add(7, si)
    ctx_rvas = []
    for t in range(N_THREADS):
        ctx = bytearray(1232)
        struct.pack_into("<I", ctx, 48, 0x10000b)
        struct.pack_into("<Q", ctx, 152, 0x7f0000000000 + t * 0x100000)          # rsp
        struct.pack_into("<Q", ctx, 248, 0x400000 + t * 16)                      # rip
        ctx_rvas.append(append(bytes(ctx)))
    names = [append(struct.pack("<I", 2 * len(n)) + n.encode("utf-16-le") + b"\0\0")
             for n in (f"/usr/lib/x86_64-linux-gnu/libbench{i}.so" for i in range(N_MODULES))]
    cvs = [append(b"LEpB" + bytes((i + k) & 0xff for k in range(20))) for i in range(N_MODULES)]
    threads = struct.pack("<I", N_THREADS) + b"".join(
        struct.pack("<IIIIQQII II", 1000 + t, 0, 0, 0, 0, 0x7f0000000000 + t * 0x100000, 0, 0, 1232, ctx_rvas[t])
        for t in range(N_THREADS))
    add(3, threads)
    mods = bytearray(struct.pack("<I", N_MODULES))
    for i in range(N_MODULES):
        m = bytearray(108)
        struct.pack_into("<QIIII", m, 0, 0x7f1000000000 + i * 0x200000, 0x100000, 0, 0, names[i])
        struct.pack_into("<II", m, 76, 24, cvs[i])
        mods += m
    add(4, bytes(mods))
    exc = bytearray(168)
    struct.pack_into("<IIIIQQ", exc, 0, 1000, 0, 11, 1, 0, 0x10)
    struct.pack_into("<II", exc, 160, 1232, ctx_rvas[0])
    add(6, bytes(exc))
    maps = "".join(f"{0x7f2000000000 + i * RANGE:x}-{0x7f2000000000 + (i + 1) * RANGE:x} rw-p 00000000 00:00 0\n"
                   for i in range(N_RANGES)).encode()
    add(0x47670009, maps)
    # Memory64List last: its data follows everything else, contiguous.
    m64_len = 16 + 16 * N_RANGES
    while len(out) % 8:
        out.append(0)
    m64_rva = len(out)
    base = m64_rva + m64_len
    m64 = bytearray(struct.pack("<QQ", N_RANGES, base))
    for i in range(N_RANGES):
        m64 += struct.pack("<QQ", 0x7f2000000000 + i * RANGE, RANGE)
    out += m64
    entries.append((9, m64_len, m64_rva))
    for i, (t, size, rva) in enumerate(entries):
        struct.pack_into("<III", out, dir_at + 12 * i, t, size, rva)
    with open(path, "wb") as f:
        f.write(out)
        f.truncate(base + N_RANGES * RANGE)      # sparse: a 1 GiB hole of zeros


big = os.path.join(scratch, "heap-1gib.dmp")
if real:
    dumper = os.path.join(build, "core/dumper/postmortem-dumper")
    target = os.path.join(build, "tests/dumper/pm-test-target")
    proc = subprocess.Popen([target, "--threads", "8", "--touch-mib", "1024"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    pid = proc.stdout.readline().split()[1]
    subprocess.run([dumper, "--pid", pid, "--type", "heap", "--output", big], check=True)
    proc.stdin.close()
    proc.wait()
else:
    write_synthetic(big)
size = os.path.getsize(big)
print(f"load average before: {open('/proc/loadavg').read().strip()}")
print(f"1 GiB heap dump: {big} ({size / 2**30:.2f} GiB, {'real' if real else 'synthetic, sparse'})")

# Warm the page cache for the metadata (as after any first open), then measure.
spawn([ctl, "info", "--json", big])
info_t = timed([ctl, "info", "--json", big], 21)
human_t = timed([ctl, "info", big], 21)
floor_t = timed([ctl, "version"], 21)
t0 = time.perf_counter()
with open(big, "rb") as f:
    while f.readinto(bytearray(8 << 20)):
        pass
read_all_t = time.perf_counter() - t0
print(f"  postmortemctl info --json      {info_t * 1000:8.2f} ms  (target < 50 ms)")
print(f"  postmortemctl info             {human_t * 1000:8.2f} ms")
print(f"  anchor: postmortemctl version  {floor_t * 1000:8.2f} ms  (process start-up floor)")
print(f"  anchor: read the file once     {read_all_t * 1000:8.2f} ms  -> info is {read_all_t / info_t:.0f}x faster")
if info_t >= 0.050:
    failures.append(f"info on the 1 GiB dump took {info_t * 1000:.1f} ms (target < 50 ms)")

# ---- 2. the corpus, against Breakpad's minidump_dump -------------------------------
if not os.path.isdir(corpus):
    print(f"corpus absent at {corpus}: corpus comparison skipped")
elif not os.access(minidump_dump, os.X_OK):
    print(f"Breakpad's minidump_dump not found under {oracle_dir} (run tests/install-deps.sh): corpus comparison skipped")
else:
    files = []
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if name.endswith(".dmp") and os.path.isfile(path):
            with open(path, "rb") as f:
                if f.read(4) == b"MDMP":
                    files.append(path)
    rounds = 5
    tools = {
        "minidump_dump": lambda p: [minidump_dump, p],
        "info": lambda p: [ctl, "info", p],
        "info --json": lambda p: [ctl, "info", "--json", p],
        "reader": lambda p: [runner, p],
        "version": lambda p: [ctl, "version"],
    }
    wall = {k: [] for k in tools}
    cpu = {k: [] for k in tools}
    for _ in range(rounds):
        # Each round runs every tool over the corpus in turn, so all of them
        # see the same machine; the best round of each is kept.
        for name, argv_for in tools.items():
            w = c = 0.0
            for path in files:
                dw, dc, _ = spawn(argv_for(path))
                w += dw
                c += dc
            wall[name].append(w)
            cpu[name].append(c)
    best = {k: min(v) for k, v in wall.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    in_process = min(timed([runner, *files], 1) for _ in range(rounds))
    theirs, theirs_cpu = best["minidump_dump"], med_cpu["minidump_dump"]
    print(f"corpus: {len(files)} MDMP files, one process per file; wall = best of {rounds} rounds, "
          f"cpu = median per round; per file in brackets")
    for name, label in (("minidump_dump", "Breakpad minidump_dump"), ("info", "postmortemctl info"),
                        ("info --json", "postmortemctl info --json"), ("reader", "reader (every accessor)"),
                        ("version", "postmortemctl version")):
        line = (f"  {label:28s} {best[name] * 1000:8.1f} ms wall ({best[name] * 1000 / len(files):5.2f})"
                f" {med_cpu[name] * 1000:8.1f} ms cpu")
        if name != "minidump_dump":
            line += (f"  -> {theirs / best[name]:.2f}x faster (wall), "
                     f"{theirs_cpu / max(med_cpu[name], 1e-9):.2f}x (cpu)")
        print(line)
    print(f"  reader, all files in one process {in_process * 1000:6.1f} ms wall")
    ratio = theirs / best["info"]
    print(f"  postmortemctl info per file vs minidump_dump: {ratio:.2f}x  [target >= 3x] "
          f"{'OK' if ratio >= 3 else 'MISSED'}")
    if ratio < 3:
        failures.append(f"corpus: postmortemctl info is {ratio:.2f}x faster than minidump_dump (target 3x)")
    if best["reader"] >= theirs:
        failures.append(f"corpus: the reader ({best['reader'] * 1000:.1f} ms) is not faster than "
                        f"minidump_dump ({theirs * 1000:.1f} ms)")

print(f"load average after: {open('/proc/loadavg').read().strip()}")
if failures:
    for f in failures:
        print("MISSED:", f)
    sys.exit(1)
print("reader targets met")
