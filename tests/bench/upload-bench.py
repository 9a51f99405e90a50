#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# upload-bench.py — how fast and how lean `postmortemctl submit` is, against
# anchors measured in the same run on the same machine and the same receiver
# (postmortem-test-receiver on 127.0.0.1):
#   plain body:  postmortemctl submit --no-gzip   vs  curl -F upload_file_minidump=@DUMP
#                (the same multipart POST by a mature HTTP client)
#   gzip body:   postmortemctl submit (gzip on)   vs  curl (plain) + one `gzip -1`
#                pass over the dump (the least a client that compresses must
#                add; postmortemctl compresses twice: once to learn the
#                Content-Length the Socorro specification requires, once to send)
# for two 256 MiB dumps: "heap-like" (zero pages mixed with pages of shared
# libraries, compresses about 4x) and "random" (incompressible). It prints wall
# times (median of --runs), the ratios, and postmortemctl's peak RSS (VmHWM
# polled from /proc); exits 1 if the peak RSS reaches 50 MiB.
#
# Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench`.
#   tests/bench/upload-bench.py BUILD_DIR [--runs N] [--mib M]
# Needs curl and gzip; skips (77) without them.
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid

args = sys.argv[1:]
build = os.path.abspath(args[0] if args and not args[0].startswith("--") else os.environ.get("PM_BUILD_DIR", "build"))
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
mib = int(args[args.index("--mib") + 1]) if "--mib" in args else 256
ctl = os.path.join(build, "app", "postmortemctl")
receiver_exe = os.path.join(build, "tests", "upload", "postmortem-test-receiver")
for path in (ctl, receiver_exe):
    if not os.access(path, os.X_OK):
        sys.exit(f"upload-bench: {path} is missing: build the project first (ninja -C {build})")
for tool in ("curl", "gzip"):
    if shutil.which(tool) is None:
        print(f"upload-bench: {tool} is not installed; skipping")
        sys.exit(77)

root = tempfile.mkdtemp(prefix="pm-upload-bench-")
env = dict(os.environ)
for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache"), ("PM_STORE_DIR", "store")):
    os.makedirs(os.path.join(root, sub), mode=0o700)
    env[var] = os.path.join(root, sub)
env["PM_SETTINGS_FILE"] = os.path.join(root, "config", "settings.ini")
with open(env["PM_SETTINGS_FILE"], "w") as f:
    f.write("[Consent]\nDefault=all-data\n[Quota]\nFloodWindowSeconds=0\nMaxBytes=0\nMinFreeBytes=0\n"
            "MaxQueueCount=0\nMaxArchiveCount=0\n")


def make_dumps():
    size = mib * 1024 * 1024
    header = b"MDMP\x93\xa7\x00\x00" + bytes(24)
    dumps = {}
    path = os.path.join(root, "random.dmp")
    with open(path, "wb") as f:
        f.write(header)
        left = size - len(header)
        while left > 0:
            n = min(left, 1 << 20)
            f.write(os.urandom(n))
            left -= n
    dumps["random"] = path
    # Heap-like: every other 4 KiB page zero, the rest taken from libraries.
    libs = b""
    for lib in ("/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0",
                "/usr/lib/x86_64-linux-gnu/libgio-2.0.so.0", "/usr/lib/x86_64-linux-gnu/libsoup-3.0.so.0"):
        try:
            with open(os.path.realpath(lib), "rb") as f:
                libs += f.read()
        except OSError:
            pass
    if len(libs) < 1 << 20:
        libs += os.urandom(1 << 20)
    path = os.path.join(root, "heap-like.dmp")
    page = 4096
    zero = bytes(page)
    with open(path, "wb") as f:
        f.write(header)
        written, offset = len(header), 0
        while written < size:
            if (written // page) % 2 == 0:
                chunk = zero
            else:
                chunk = libs[offset:offset + page]
                offset = (offset + page) % (len(libs) - page)
            chunk = chunk[: size - written]
            f.write(chunk)
            written += len(chunk)
    dumps["heap-like"] = path
    return dumps


def make_archive(name, dump):
    wer = ("Version=1\nEventType=APPCRASH\nEventTime=133000000000000000\nReportIdentifier=%s\n"
           "AppName=bench\nSig[0].Name=Application Name\nSig[0].Value=bench\n"
           "Sig[1].Name=Application Version\nSig[1].Value=1.0\n"
           "File[0].Name=minidump.dmp\nFile[0].Type=HeapDump\nFile[0].Flags=0\n" % uuid.uuid4()).encode()
    archive = os.path.join(root, name + ".tar")
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("r/Report.wer")
        info.size = len(wer)
        tar.addfile(info, io.BytesIO(wer))
        tar.add(dump, arcname="r/minidump.dmp")
    return archive


def import_report(archive):
    out = subprocess.run([ctl, "import", archive], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def vm_hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(argv):
    """Wall seconds and peak RSS (VmHWM, KiB, polled every 2 ms: ru_maxrss
    would include this Python process's address space from before exec)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hwm = 0
    while True:
        pid, status = os.waitpid(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        hwm = max(hwm, vm_hwm(proc.pid))
        time.sleep(0.002)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        subprocess.run(argv, env=env)   # again, to show why on stderr
        sys.exit(f"upload-bench: {' '.join(argv)} failed")
    return wall, hwm


def main():
    recv_dir = os.path.join(root, "received")
    receiver = subprocess.Popen([receiver_exe, "--dir", recv_dir], stdout=subprocess.PIPE, text=True)
    url = receiver.stdout.readline().split()[-1]
    print(f"# upload-bench: {mib} MiB dumps, median of {runs} runs, receiver {url}")
    dumps = make_dumps()
    worst_rss = 0
    try:
        for kind, dump in dumps.items():
            archive = make_archive(kind, dump)
            rows = {"ours-plain": [], "ours-gzip": [], "curl": [], "gzip-1": []}
            rss = {"ours-plain": 0, "ours-gzip": 0, "curl": 0}
            for _ in range(runs):
                key = import_report(archive)
                t, r = timed([ctl, "submit", key, "--url", url, "--no-gzip", "--retries", "0"])
                rows["ours-plain"].append(t)
                rss["ours-plain"] = max(rss["ours-plain"], r)
                key = import_report(archive)
                t, r = timed([ctl, "submit", key, "--url", url, "--retries", "0"])
                rows["ours-gzip"].append(t)
                rss["ours-gzip"] = max(rss["ours-gzip"], r)
                t, r = timed(["curl", "-sS", "-o", "/dev/null", "-H", "Expect:",
                              "-F", "ProductName=bench", "-F", "Version=1.0",
                              "-F", f"guid={uuid.uuid4()}",
                              "-F", f"upload_file_minidump=@{dump};type=application/octet-stream", url])
                rows["curl"].append(t)
                rss["curl"] = max(rss["curl"], r)
                t, _ = timed(["sh", "-c", f"gzip -1 -c '{dump}' > /dev/null"])
                rows["gzip-1"].append(t)
                # Keep the disk from filling: neither the receiver's copies nor the
                # sent reports (archive/ of this scratch store) are needed again.
                for name in os.listdir(recv_dir):
                    if name.startswith("bp-"):
                        shutil.rmtree(os.path.join(recv_dir, name))
                archive_dir = os.path.join(env["PM_STORE_DIR"], "archive")
                for name in os.listdir(archive_dir) if os.path.isdir(archive_dir) else []:
                    shutil.rmtree(os.path.join(archive_dir, name))
            med = {k: statistics.median(v) for k, v in rows.items()}
            mbps = lambda s: mib / s
            print(f"{kind}: postmortemctl plain {med['ours-plain']:.2f} s ({mbps(med['ours-plain']):.0f} MiB/s, "
                  f"peak RSS {rss['ours-plain'] / 1024:.1f} MiB); curl {med['curl']:.2f} s "
                  f"(peak RSS {rss['curl'] / 1024:.1f} MiB); ratio {med['ours-plain'] / med['curl']:.2f}")
            anchor = med["curl"] + med["gzip-1"]
            print(f"{kind}: postmortemctl gzip {med['ours-gzip']:.2f} s (peak RSS {rss['ours-gzip'] / 1024:.1f} MiB); "
                  f"curl + one gzip -1 pass {anchor:.2f} s; ratio {med['ours-gzip'] / anchor:.2f}")
            worst_rss = max(worst_rss, rss["ours-plain"], rss["ours-gzip"])
    finally:
        receiver.terminate()
        receiver.wait()
        shutil.rmtree(root, ignore_errors=True)
    if worst_rss >= 50 * 1024:
        print(f"upload-bench: FAILED: postmortemctl submit peaked at {worst_rss / 1024:.1f} MiB (target < 50 MiB)")
        return 1
    print(f"upload-bench: postmortemctl submit peak RSS {worst_rss / 1024:.1f} MiB (target < 50 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
