#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-sanitize.py — `postmortemctl sanitize` on real crashes: a program that
# holds random canaries in its environment, an argument, its stack, a
# registered heap block and a registered file crashes with the real handler
# and dumper (a mini and a heap dump). The originals must hold the canaries
# (else this test could not fail); the sanitized copies must hold no 12-byte
# piece of any canary (ASCII or UTF-16LE), keep the metadata, and read the
# same in LLDB (threads, crashing frame), Breakpad's minidump_stackwalk (no
# context errors, same crashing frame) and `postmortemctl info` (same
# backtrace of the crashing thread).
#
# Runs in: a test process (meson test, suite 'minidump') with an isolated
# HOME/XDG/PM_STORE_DIR. Exits 77 without LLDB or Breakpad's processor.
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile

crasher, dumper = sys.argv[1], sys.argv[2]
build = os.environ["PM_BUILD_DIR"]
ctl = os.path.join(build, "app", "postmortemctl")
oracles = os.environ.get("PM_ORACLE_DIR") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "postmortem", "oracles")
stackwalk = os.path.join(oracles, "node_modules", "minidump", "bin", "linux-x64", "minidump_stackwalk")
if not os.access(stackwalk, os.X_OK):
    print(f"Breakpad's minidump_stackwalk not found at {stackwalk} (run tests/install-deps.sh); skipping")
    sys.exit(77)
if shutil.which("lldb") is None:
    print("lldb not installed (run tests/install-deps.sh); skipping")
    sys.exit(77)

tmp = tempfile.TemporaryDirectory(prefix="pm-sanitize-")
env = dict(os.environ)
for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "run")):
    env[var] = os.path.join(tmp.name, sub)
    os.makedirs(env[var], mode=0o700, exist_ok=True)
env["LC_ALL"] = "C.UTF-8"
env["PM_DUMPER_PATH"] = dumper
env.pop("PM_LAUNCH_APP", None)

failures = []


def check(cond, what):
    if cond:
        print("ok:", what)
    else:
        failures.append(what)
        print("FAIL:", what)


def pieces(canary, width=12):
    """Every width-byte piece of the canary, as ASCII and UTF-16LE."""
    raw = canary.encode()
    out = []
    for i in range(len(raw) - width + 1):
        out.append(raw[i:i + width])
        out.append(raw[i:i + width].decode().encode("utf-16-le"))
    return out


def leaked(data, canary):
    return [p for p in pieces(canary) if p in data]


def crashing_frames_info(path):
    r = subprocess.run([ctl, "info", path], env=env, capture_output=True, text=True, timeout=120)
    m = re.search(r"^Backtrace of the crashing thread[^\n]*\n((?:  #.*\n)+)", r.stdout, re.M)
    return r.returncode, (m.group(1) if m else None)


def lldb_bt(path):
    r = subprocess.run(["lldb", "--batch", "-c", path, "-o", "bt all"], env=env, capture_output=True,
                       text=True, timeout=180)
    threads = re.findall(r"^[ *] thread #(\d+)", r.stdout, re.M)
    crashing = re.search(r"^\* thread #\d+.*\n\s*\* frame #0: (0x[0-9a-f]+)", r.stdout, re.M)
    return r.stdout, len(threads), (crashing.group(1) if crashing else None)


def breakpad(path):
    r = subprocess.run([stackwalk, path], env=env, capture_output=True, text=True, timeout=180)
    m = re.search(r"^Thread \d+ \(crashed\)\n\s*0\s+(.*)$", r.stdout, re.M)
    errors = [line for line in r.stderr.splitlines()
              if "context" in line.lower() and ("ERROR" in line or "error" in line)]
    return r.returncode, (m.group(1).strip() if m else None), errors


def crash(dump_type):
    canaries = {name: secrets.token_hex(16) for name in ("env", "arg", "stack", "heap", "file")}
    store = os.path.join(tmp.name, f"store-{dump_type}")
    doc = os.path.join(tmp.name, f"document-{dump_type}.txt")
    with open(doc, "w") as f:
        f.write(f"file:{canaries['file']}:end\n")
    # Under AddressSanitizer the crash is libpostmortem's to handle, not ASan's (whose
    # SEGV report would end the program with SIGABRT instead of the original signal).
    cenv = dict(env, PM_STORE_DIR=store, PM_TEST_CANARY_ENV=canaries["env"],
                PM_TEST_CANARY_STACK=canaries["stack"], PM_TEST_CANARY_HEAP=canaries["heap"],
                ASAN_OPTIONS="handle_segv=0:detect_leaks=0:abort_on_error=0")
    r = subprocess.run(["sh", "-c", 'ulimit -c 0; exec "$@"', "sh", crasher, str(dump_type),
                        "arg:" + canaries["arg"], doc], env=cenv, capture_output=True, timeout=120)
    check(r.returncode in (-11, 139), f"type {dump_type}: the crasher died of SIGSEGV (status {r.returncode}, "
          f"stderr {r.stderr.decode(errors='replace')[-300:]!r})")
    queue = os.path.join(store, "queue")
    reports = sorted(os.listdir(queue)) if os.path.isdir(queue) else []
    check(len(reports) == 1, f"type {dump_type}: one report in the store ({reports})")
    if len(reports) != 1:
        return None, canaries
    name = "memory.hdmp" if dump_type == 3 else "minidump.mdmp"
    return os.path.join(queue, reports[0], name), canaries


for dump_type, label in ((2, "mini"), (3, "heap")):
    original, canaries = crash(dump_type)
    if original is None or not os.path.exists(original):
        check(False, f"{label}: the report has its dump")
        continue
    with open(original, "rb") as f:
        before = f.read()
    # The test can fail only if the original holds the secrets.
    for name in ("env", "arg", "stack") + (("heap", "file") if dump_type == 3 else ()):
        check(leaked(before, canaries[name]), f"{label}: the original dump holds the {name} canary")

    out = os.path.join(tmp.name, f"sanitized-{label}.dmp")
    r = subprocess.run([ctl, "sanitize", original, "-o", out], env=env, capture_output=True, text=True,
                       timeout=120)
    check(r.returncode == 0, f"{label}: postmortemctl sanitize succeeded ({r.stderr.strip()})")
    check("words replaced by 0x0defaced" in r.stdout and "LinuxCmdLine" in r.stdout,
          f"{label}: sanitize says what it removed:\n{r.stdout}")
    if r.returncode != 0:
        continue
    with open(out, "rb") as f:
        after = f.read()
    for name, canary in canaries.items():
        found = leaked(after, canary)
        check(not found, f"{label}: no piece of the {name} canary in the sanitized copy {found[:2]}")
    check(b"kept-value" in after, f"{label}: the metadata (a form field) is kept")
    check(b"\xed\xac\xef\x0d" in after, f"{label}: the stack holds the 0x0defaced marker")

    rc0, frames0 = crashing_frames_info(original)
    rc1, frames1 = crashing_frames_info(out)
    check(rc1 == 0 and frames1 is not None, f"{label}: postmortemctl info reads the copy (exit {rc1})")
    check(frames0 == frames1, f"{label}: our backtrace of the crashing thread is unchanged:\n"
          f"--- original\n{frames0}--- sanitized\n{frames1}")

    text0, n0, pc0 = lldb_bt(original)
    text1, n1, pc1 = lldb_bt(out)
    check(n0 == 2 and n0 == n1, f"{label}: LLDB lists the same two threads ({n0} and {n1})")
    check(pc0 is not None and pc0 == pc1, f"{label}: LLDB shows the same crashing frame ({pc0} and {pc1})\n{text1[-800:]}")

    rcb0, top0, _ = breakpad(original)
    rcb1, top1, errors = breakpad(out)
    check(rcb1 == 0 and not errors, f"{label}: minidump_stackwalk reads the copy with no context errors {errors}")
    check(top0 is not None and top0 == top1, f"{label}: minidump_stackwalk shows the same crashing frame "
          f"({top0!r} and {top1!r})")

# Refusals are clean: not a minidump, a missing file, a missing -o.
junk = os.path.join(tmp.name, "junk.dmp")
with open(junk, "wb") as f:
    f.write(b"MDMP" + b"\x00" * 60)
r = subprocess.run([ctl, "sanitize", junk, "-o", os.path.join(tmp.name, "junk.out")], env=env,
                   capture_output=True, text=True, timeout=60)
check(r.returncode == 1 and "cannot sanitize" in r.stderr, f"junk input refused with a reason ({r.stderr.strip()})")
check(not os.path.exists(os.path.join(tmp.name, "junk.out")) and
      not [n for n in os.listdir(tmp.name) if n.startswith("junk.out.")], "no output left behind after a refusal")
r = subprocess.run([ctl, "sanitize", junk], env=env, capture_output=True, text=True, timeout=60)
check(r.returncode == 2, "sanitize without -o is a usage error")

if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
