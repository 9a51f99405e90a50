#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-ctl-info.py — `postmortemctl info` and `postmortemctl memory` on the
# third-party corpus, checked against MANIFEST.tsv, against the golden outputs
# of Breakpad's minidump_dump and rust-minidump's minidump-stackwalk in
# ../shared/corpus/expected, and (for memory) against an independent parse of
# the file's MemoryList done here in Python; the crashing thread's registers
# are the exception's context (minidump2, and a crash of our own).
#
# Runs in: a test process (meson test, suite 'minidump'), with an isolated
# HOME/XDG/PM_STORE_DIR. Exits 77 when the corpus is absent.
import json
import ntpath
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

build = os.environ.get("PM_BUILD_DIR")
corpus = os.environ.get("PM_CORPUS_DIR", "")
ctl = os.path.join(build, "app", "postmortemctl")

if not os.path.isdir(corpus):
    print(f"PM_CORPUS_DIR ({corpus or 'unset'}) is not a directory: the minidump corpus is absent; skipping")
    sys.exit(77)

tmp = tempfile.TemporaryDirectory(prefix="pm-ctl-info-")
env = dict(os.environ)
for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache"), ("PM_STORE_DIR", "store")):
    env[var] = os.path.join(tmp.name, sub)
    os.makedirs(env[var], exist_ok=True)
env["LC_ALL"] = "C.UTF-8"

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    return subprocess.run([ctl, *args], env=env, capture_output=True, timeout=60)


def info_json(path):
    p = run("info", path, "--json")
    if p.returncode != 0:
        return None, p
    return json.loads(p.stdout.decode("utf-8")), p


# ---- every MANIFEST row -----------------------------------------------------
with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
    lines = f.read().splitlines()
cols = lines[0].split("\t")
rows = [dict(zip(cols, line.split("\t"))) for line in lines[1:] if line]
rows = [r for r in rows if r.get("kind") == "minidump"]
check(len(rows) >= 40, f"MANIFEST has {len(rows)} minidump rows")

for r in rows:
    path = os.path.join(corpus, r["filename"])
    cat = r["category"]
    j, p = info_json(path)
    if cat.startswith("real-") or cat == "synthetic":
        if j is None:
            check(False, f"{r['filename']}: info failed: {p.stderr.decode()}")
            continue
        check(len(j["threads"]) == int(r["threads"] or 0),
              f"{r['filename']}: {len(j['threads'])} threads, manifest says {r['threads']}")
        check(len(j["modules"]) == int(r["modules"] or 0),
              f"{r['filename']}: {len(j['modules'])} modules, manifest says {r['modules']}")
        if r["exception"]:
            code, addr = r["exception"].split("@")
            e = j["exception"]
            check(e is not None and int(e["code"], 16) == int(code, 16)
                  and int(e["address"], 16) == int(addr, 16),
                  f"{r['filename']}: exception {e}, manifest says {r['exception']}")
            check(e is not None and j["crashing_thread"] is not None
                  and j["threads"][j["crashing_thread"]]["id"] == e["thread_id"],
                  f"{r['filename']}: crashing thread index does not match the exception's thread")
        else:
            check(j["exception"] is None, f"{r['filename']}: exception {j['exception']} but none expected")
        # Every address is a "0x…" string, every stream listed.
        for t in j["threads"]:
            for k in ("pc", "sp", "stack_start"):
                check(t[k] is None or t[k].startswith("0x"), f"{r['filename']}: thread {k}={t[k]}")
        for m in j["modules"]:
            check(m["base"].startswith("0x"), f"{r['filename']}: module base {m['base']}")
        names = [s["name"] for s in j["streams"]]
        for part in r["streams"].split(","):
            name = part.split("(")[0]
            if name and not name.startswith("?") and not name.startswith("Facebook") \
                    and name not in ("Unused",) and "(LLDB/FB)" not in part:
                check(name in names, f"{r['filename']}: stream {name} not listed ({names})")
        # The human summary works too.
        h = run("info", path)
        check(h.returncode == 0 and b"Threads (" in h.stdout, f"{r['filename']}: human output failed")
    else:
        # Refused with a message, or read with the problems listed.
        if j is None:
            check(p.returncode == 1 and p.stderr.startswith(b"postmortemctl: ") and p.stdout == b"",
                  f"{r['filename']}: refusal must be exit 1 with a message (got {p.returncode} {p.stderr!r})")
        else:
            check(len(j["warnings"]) > 0, f"{r['filename']}: malformed file read without a warning")

# ---- golden: Breakpad's minidump_dump on minidump2 --------------------------
def parse_dump_out(text):
    """Blocks of "key = value" lines after a title line, in order."""
    blocks, cur = [], None
    for line in text.splitlines():
        if line and not line.startswith(" ") and "=" not in line:
            cur = {"_title": line.strip()}
            blocks.append(cur)
        elif cur is not None and "=" in line:
            k, v = line.split("=", 1)
            cur[k.strip()] = v.strip()
    return blocks


with open(os.path.join(corpus, "expected", "breakpad", "minidump2.dump.out"), encoding="utf-8") as f:
    golden = parse_dump_out(f.read())
j, _ = info_json(os.path.join(corpus, "breakpad__minidump2.dmp"))
dirs = [b for b in golden if b["_title"] == "MDRawDirectory"]
check(len(dirs) == len(j["streams"]), "minidump2: stream count differs from minidump_dump")
for g, s in zip(dirs, j["streams"]):
    check(int(g["stream_type"].split()[0], 16) == int(s["type"], 16)
          and int(g["location.data_size"]) == s["size"]
          and int(g["location.rva"], 16) == int(s["rva"], 16),
          f"minidump2: stream {s} differs from minidump_dump {g}")
threads = [b for b in golden if b["_title"] == "MDRawThread"]
check([int(t["thread_id"], 16) for t in threads] == [t["id"] for t in j["threads"]],
      "minidump2: thread ids differ from minidump_dump")
for g, t in zip(threads, j["threads"]):
    check(int(g["stack.start_of_memory_range"], 16) == int(t["stack_start"], 16)
          and int(g["stack.memory.data_size"], 16) == t["stack_size"],
          f"minidump2: thread {t['id']} stack differs from minidump_dump")
mods = [b for b in golden if b["_title"] == "MDRawModule"]
check(len(mods) == len(j["modules"]), "minidump2: module count differs from minidump_dump")
for g, m in zip(mods, j["modules"]):
    check(int(g["base_of_image"], 16) == int(m["base"], 16) and int(g["size_of_image"], 16) == m["size"],
          f"minidump2: module {m['name']} range differs")
    check(g["(code_file)"].strip('"') == m["name"], f"minidump2: code_file {g['(code_file)']} vs {m['name']}")
    check(g["(code_identifier)"].strip('"') == m["code_id"],
          f"minidump2: code id {g['(code_identifier)']} vs {m['code_id']}")
    check(g["(debug_identifier)"].strip('"') == m["debug_id"],
          f"minidump2: debug id {g['(debug_identifier)']} vs {m['debug_id']}")
    check(g["(debug_file)"].strip('"') == m["debug_file"],
          f"minidump2: debug file {g['(debug_file)']} vs {m['debug_file']}")
    want_version = g["(version)"].strip('"') or None
    check(want_version == m["version"], f"minidump2: {m['name']} version {m['version']} vs {want_version}")

# ---- golden: rust-minidump's minidump-stackwalk JSON ----------------------------
def load_snap(name):
    with open(os.path.join(corpus, "expected", "rust-minidump", name), encoding="utf-8") as f:
        return json.loads(f.read().split("---", 2)[2])


for snap, dump in (("test_minidump_stackwalk__json-pretty.snap", "breakpad__minidump2.dmp"),
                   ("test_minidump_stackwalk__linux_json_pretty.snap", "rustmd__linux-mini.dmp")):
    g = load_snap(snap)
    j, _ = info_json(os.path.join(corpus, dump))
    si = j["system_info"]
    check(si["os"] == g["system_info"]["os"], f"{dump}: os {si['os']} vs {g['system_info']['os']}")
    check(si["cpu"] == g["system_info"]["cpu_arch"], f"{dump}: cpu {si['cpu']}")
    check(si["cpu_count"] == g["system_info"]["cpu_count"], f"{dump}: cpu count")
    check(si["os_version"] == g["system_info"]["os_ver"],
          f"{dump}: os version {si['os_version']!r} vs {g['system_info']['os_ver']!r}")
    # rust-minidump drops the vendor on Linux; ours keeps it: compare the tail.
    check(si["cpu_info"].endswith(g["system_info"]["cpu_info"]), f"{dump}: cpu info {si['cpu_info']}")
    check(j["exception"]["code_name"] == g["crash_info"]["type"],
          f"{dump}: crash type {j['exception']['code_name']} vs {g['crash_info']['type']}")
    check(int(j["exception"]["crash_address"], 16) == int(g["crash_info"]["address"], 16),
          f"{dump}: crash address {j['exception']['crash_address']} vs {g['crash_info']['address']}")
    check(j["crashing_thread"] == g["crash_info"]["crashing_thread"], f"{dump}: crashing thread index")
    check([t["id"] for t in j["threads"]] == [t["thread_id"] for t in g["threads"]], f"{dump}: thread ids")
    if g.get("pid") is not None and j["process"] is not None:
        check(j["process"]["pid"] == g["pid"], f"{dump}: pid {j['process']['pid']} vs {g['pid']}")
    regs = g["crashing_thread"]["frames"][0]["registers"]
    pc = regs.get("eip") or regs.get("rip")
    sp = regs.get("esp") or regs.get("rsp")
    ct = j["threads"][j["crashing_thread"]]
    check(int(ct["pc"], 16) == int(pc, 16) and int(ct["sp"], 16) == int(sp, 16),
          f"{dump}: crashing thread pc/sp {ct['pc']}/{ct['sp']} vs {pc}/{sp}")
    check(len(j["modules"]) == len(g["modules"]), f"{dump}: module count")
    for gm, m in zip(g["modules"], j["modules"]):
        base = int(m["base"], 16)
        check(base == int(gm["base_addr"], 16) and base + m["size"] == int(gm["end_addr"], 16),
              f"{dump}: module {gm['filename']} range")
        check(ntpath.basename(m["name"]).split("/")[-1] == gm["filename"],
              f"{dump}: module name {m['name']} vs {gm['filename']}")
        check((m["code_id"] or "").lower() == (gm["code_id"] or "").lower(),
              f"{dump}: {gm['filename']} code id {m['code_id']} vs {gm['code_id']}")
        check(m["debug_id"] == gm["debug_id"], f"{dump}: {gm['filename']} debug id {m['debug_id']} vs {gm['debug_id']}")
        check(ntpath.basename(m["debug_file"] or "") == gm["debug_file"],
              f"{dump}: {gm['filename']} debug file {m['debug_file']} vs {gm['debug_file']}")

# ---- annotations ---------------------------------------------------------------
j, _ = info_json(os.path.join(corpus, "rustmd__simple-crashpad.dmp"))
check(j["annotations"].get("hello") == "world", f"simple-crashpad: annotations {j['annotations']}")
check("abort() called" in j["annotations"].values(), "simple-crashpad: list annotation missing")
j, _ = info_json(os.path.join(corpus, "breakpad__minidump_crashpad_annotation.dmp"))
for name in ("exceptionReason", "exceptionName", "firstexception_bt", "firstexception", "CounterAnnotation"):
    check(name in j["annotations"], f"crashpad_annotation: {name} missing from {list(j['annotations'])}")
j, _ = info_json(os.path.join(corpus, "rustmd__invalid-parameter.dmp"))
check(j["assertion"] is not None and j["assertion"]["expression"] == "format != nullptr"
      and j["assertion"]["line"] == 32, f"invalid-parameter: assertion {j['assertion']}")
j, _ = info_json(os.path.join(corpus, "rustmd__pipeline-inlines-macos-segv.dmp"))
check(j["threads"][0]["name"] == "main", "pipeline-inlines: thread 0 is named main")
check(j["exception"]["code_name"] == "EXC_BAD_ACCESS" and j["exception"]["detail"] == "KERN_INVALID_ADDRESS",
      f"pipeline-inlines: {j['exception']}")

# ---- memory ------------------------------------------------------------------------
def memory_list(path):
    """An independent MemoryList parse: [(start, bytes)]."""
    with open(path, "rb") as f:
        d = f.read()
    n, rva = struct.unpack_from("<II", d, 8)
    for i in range(n):
        typ, size, srva = struct.unpack_from("<III", d, rva + 12 * i)
        if typ == 5:
            count, = struct.unpack_from("<I", d, srva)
            out = []
            for k in range(count):
                start, dsize, drva = struct.unpack_from("<QII", d, srva + 4 + 16 * k)
                out.append((start, d[drva:drva + dsize]))
            return out
    return []


def parse_hexdump(text):
    data, first = bytearray(), None
    for line in text.decode().splitlines():
        addr, rest = line.split("  ", 1)
        hexpart = rest.split("|")[0].split()
        if first is None:
            first = int(addr, 16)
        data += bytes(int(x, 16) for x in hexpart)
    return first, bytes(data)


path = os.path.join(corpus, "lldb__Inputs_linux-x86_64.dmp")
ranges = memory_list(path)
check(len(ranges) > 0, "linux-x86_64: python parser found no memory")
p = run("memory", path, "0x401d46", "512")
check(p.returncode == 0, f"memory: exit {p.returncode} {p.stderr!r}")
first, got = parse_hexdump(p.stdout)
want = next(data[0x401d46 - start:] for start, data in ranges if start <= 0x401d46 < start + len(data))
check(first == 0x401d46 and got == want and len(got) == 256,
      f"memory: {len(got)} bytes at {first:#x} differ from the file's MemoryList")
check(b"only 256 of 512 bytes" in p.stderr, f"memory: partial read not reported: {p.stderr!r}")
start, data = ranges[0]
p = run("memory", path, str(start), "16")   # decimal address, exact length
first, got = parse_hexdump(p.stdout)
check(p.returncode == 0 and got == data[:16] and p.stderr == b"", "memory: 16 bytes at a range start")
p = run("memory", path, "0x10")
check(p.returncode == 1 and b"not in the dump's memory" in p.stderr, f"memory: unmapped address {p.returncode}")
for bad in (["memory", path, "zzz"], ["memory", path, "0x10", "0"], ["memory", path],
            ["memory", path, "-5"], ["memory", path, "0xffffffffffffffff", "2"],
            ["info"], ["info", path, "--bogus"], ["info", path, path]):
    p = run(*bad[0:])
    check(p.returncode == 2 and p.stderr.startswith(b"postmortemctl "), f"{bad[0]} usage error for {bad[1:]}: {p.returncode}")
p = run("info", os.path.join(tmp.name, "missing.dmp"))
check(p.returncode == 1 and b"No such file" in p.stderr, f"info on a missing file: {p.returncode} {p.stderr!r}")
p = run("info", "APPCRASH_nosuchapp_0123456789abcdef_00000000-0000-0000-0000-000000000000")
check(p.returncode == 1 and p.stderr.startswith(b"postmortemctl: "), f"info on an unknown report key: {p.returncode} {p.stderr!r}")

# ---- hostile sizes: 200000 threads and 200000 annotations with one key ---------
def write_hostile(path, n=200000):
    out = bytearray(struct.pack("<IIIIIIQ", 0x504d444d, 0xa793, 2, 32, 0, 0, 0)) + bytes(24)

    def app(b):
        while len(out) % 4:
            out.append(0)
        rva = len(out)
        out.extend(b)
        return rva
    k = app(struct.pack("<I", 3) + b"key\0")
    v = app(struct.pack("<I", 5) + b"value\0")
    d = app(struct.pack("<I", n) + struct.pack("<II", k, v) * n)
    cp = struct.pack("<I", 1) + bytes(32) + struct.pack("<II", 4 + 8 * n, d) + struct.pack("<II", 0, 0)
    cprva = app(cp)
    th = app(struct.pack("<I", n) + b"".join(struct.pack("<IIIIQQIIII", i, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                                           for i in range(n)))
    struct.pack_into("<III", out, 32, 0x43500001, len(cp), cprva)
    struct.pack_into("<III", out, 44, 3, 4 + 48 * n, th)
    with open(path, "wb") as f:
        f.write(out)


# ---- the crashing thread's registers: the exception's context ----------------
# minidump2 (Windows x86): the exception's context has eip 0x40429e in test_app.exe; the
# ThreadList's context of the same thread is inside ntdll (0x7c90eb94), taken in the handler.
j, _ = info_json(os.path.join(corpus, "breakpad__minidump2.dmp"))
check(j is not None and int(j["threads"][0]["pc"], 16) == 0x40429e and int(j["threads"][0]["sp"], 16) == 0x12fe84
      and j["threads"][0]["crashed"], "minidump2 --json: the crashing thread's pc/sp are the exception's")
check(j is not None and int(j["threads"][1]["pc"], 16) == 0x7c90eb94 and not j["threads"][1]["crashed"],
      "minidump2 --json: the other thread keeps its ThreadList context")
p = run("info", os.path.join(corpus, "breakpad__minidump2.dmp"))
text = p.stdout.decode("utf-8", "replace")
check(re.search(r"^\s*\* 3060\s.*pc 0x0*40429e\s+sp 0x0*12fe84", text, re.M) is not None,
      "minidump2 text: the crashing thread shows the exception's pc and sp")
check(re.search(r"^\s*4544\s.*pc 0x0*7c90eb94", text, re.M) is not None,
      "minidump2 text: thread 4544 shows its own pc")

# Our own Linux crash dump (the handler's context is the fault's in both places): the
# crashing thread's pc is the faulting instruction, and the backtrace starts there.
child = os.path.join(build, "tests", "client", "pm-crash-child")
dumper = os.path.join(build, "core", "dumper", "postmortem-dumper")
if os.path.exists(child) and os.path.exists(dumper):
    cenv = dict(env)
    cenv["PM_DUMPER_PATH"] = dumper
    cenv["PM_STORE_DIR"] = os.path.join(tmp.name, "crash-store")
    cenv.pop("PM_TEST_DUMP_TYPE", None)
    subprocess.run([child, "divzero"], env=cenv, capture_output=True, timeout=60)
    dumps = [os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(cenv["PM_STORE_DIR"], "queue"))
             for f in fs if f.endswith(".mdmp")]
    check(len(dumps) == 1, f"own dump: {len(dumps)} minidumps from one crash, want 1")
    if dumps:
        j, _ = info_json(dumps[0])
        ct = j["threads"][j["crashing_thread"]] if j and j["crashing_thread"] is not None else None
        check(ct is not None and int(ct["pc"], 16) == int(j["exception"]["address"], 16),
              f"own dump: the crashing thread's pc {ct and ct['pc']} is the faulting instruction")
        if ct is not None and ct["frames"]:
            check(int(ct["frames"][0]["pc"], 16) == int(ct["pc"], 16),
                  "own dump: the backtrace starts at the crashing thread's pc")
else:
    print("own dump: pm-crash-child or postmortem-dumper not built; skipped")

hostile = os.path.join(tmp.name, "hostile.dmp")
write_hostile(hostile)
t0 = time.monotonic()
j, p = info_json(hostile)
elapsed = time.monotonic() - t0
check(j is not None and len(j["threads"]) == 200000 and len(j["annotations"]) == 200000
      and j["annotations"]["key"] == "value" and j["annotations"]["key#1"] == "value",
      "hostile: 200000 threads and duplicate annotations all listed")
check(elapsed < 60, f"hostile: info took {elapsed:.1f} s (quadratic?)")
print(f"hostile sizes: info --json in {elapsed:.2f} s")

if failures:
    print(f"{len(failures)} checks failed")
    sys.exit(1)
print("all postmortemctl info/memory checks passed")
