#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-walk-cpus.py — ARM64 and ARM stacks walked as the walker promises, on
# minidumps written here byte by byte with a known call chain, and Breakpad
# symbol files whose CFI covers only some functions (as a truncated .sym
# does): `postmortemctl info --json --symbols DIR` must give exactly the
# chain, each frame found the way it should be —
#   ARM64: a leaf (returns through lr, STACK CFI ".ra: lr"), a function with
#     STACK CFI (its frame record on the stack), then two functions without
#     CFI, walked by their frame records (x29), then the end of the chain.
#   ARM: a leaf, a function with CFI, then one without any, found by a scan.
# The frame names and source lines come from the FUNC and line records.
#
# Runs in: meson test (suite symbolize, quick).
#   test-walk-cpus.py POSTMORTEMCTL
import json
import os
import struct
import subprocess
import sys
import tempfile

ctl = sys.argv[1]
failures = 0
BASE = 0x10000              # the module
STACK = 0x7000000           # the stack's first byte
STACK_SIZE = 0x400
BUILD_ID = bytes(range(0x20, 0x34))


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures += 1


def write_dump(path, arch, context, stack, thread_id=1000):
    """A minidump: SystemInfo, ThreadList (one thread), ModuleList (libsynth.so
    with an ELF build-id), MemoryList (the stack), Exception (SIGSEGV)."""
    out = bytearray()
    n_streams = 5
    out += struct.pack("<IIIIIIQ", 0x504d444d, 0xa793, n_streams, 32, 0, 1700000000, 0)
    dir_at = len(out)
    out += bytes(12 * n_streams)
    entries = []

    def append(data):
        while len(out) % 8:
            out.append(0)
        rva = len(out)
        out.extend(data)
        return rva

    def add(stream_type, data):
        rva = append(data)
        entries.append((stream_type, len(data), rva))

    add(7, struct.pack("<HHHBBIIIIIHH", arch, 0, 0, 1, 1, 0, 0, 0, 0x8201, 0, 0, 0) + bytes(24))
    ctx_rva = append(context)
    stack_rva = append(stack)
    add(3, struct.pack("<I", 1) + struct.pack("<IIIIQQIIII", thread_id, 0, 0, 0, 0, STACK, len(stack), stack_rva,
                                                len(context), ctx_rva))
    name = "/usr/lib/libsynth.so"
    name_rva = append(struct.pack("<I", 2 * len(name)) + name.encode("utf-16-le") + b"\0\0")
    cv_rva = append(b"LEpB" + BUILD_ID)
    module = bytearray(108)
    struct.pack_into("<QIIII", module, 0, BASE, 0x10000, 0, 0, name_rva)
    struct.pack_into("<II", module, 76, 4 + len(BUILD_ID), cv_rva)
    add(4, struct.pack("<I", 1) + bytes(module))
    add(5, struct.pack("<I", 1) + struct.pack("<QII", STACK, len(stack), stack_rva))
    exc = bytearray(168)
    struct.pack_into("<IIIIQQ", exc, 0, thread_id, 0, 11, 0, 0, 0x10)
    struct.pack_into("<II", exc, 160, len(context), ctx_rva)
    add(6, bytes(exc))
    for i, (t, size, rva) in enumerate(entries):
        struct.pack_into("<III", out, dir_at + 12 * i, t, size, rva)
    with open(path, "wb") as f:
        f.write(out)


def write_symbols(top, debug_id, arch, body):
    folder = os.path.join(top, "libsynth.so", debug_id)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "libsynth.so.sym"), "w") as f:
        f.write(f"MODULE Linux {arch} {debug_id} libsynth.so\nFILE 0 /src/synth.c\n" + body)


def walk(dump, symbols):
    out = subprocess.run([ctl, "info", "--json", "--symbols", symbols, dump], capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k != "DEBUGINFOD_URLS"})
    if out.returncode != 0:
        raise SystemExit(f"FAIL: postmortemctl info {dump}: {out.stderr.strip()}")
    info = json.loads(out.stdout)
    return info, info["threads"][info["crashing_thread"]]["frames"] or []


def funcs(names):
    """FUNC records, 0x100 bytes each from 0x1000, one line record each."""
    text = ""
    for i, name in enumerate(names):
        start = 0x1000 * (i + 1)
        text += f"FUNC {start:x} 100 0 {name}\n{start:x} 100 {10 * (i + 1)} 0\n"
    return text


def expect_chain(label, frames, want):
    got = [(f["function"], int(f["pc"], 16), f["trust"], f["line"]) for f in frames]
    check(got == want, f"{label}: frames {got}" + ("" if got == want else f", expected {want}"))


with tempfile.TemporaryDirectory(prefix="pm-walk-cpus-") as tmp:
    # ---- ARM64 ------------------------------------------------------------------
    S = STACK
    stack = bytearray(STACK_SIZE)

    def put64(address, value):
        struct.pack_into("<Q", stack, address - S, value)

    sp0 = S + 0x100
    fp2, fp3 = S + 0x140, S + 0x160
    put64(sp0 + 0x10, fp2)               # f1's frame record at cfa - 16: the caller's x29
    put64(sp0 + 0x18, BASE + 0x3020)     # ... and at cfa - 8 its return address (into f2)
    put64(fp2, fp3)                      # f2's frame record: f3's x29 ...
    put64(fp2 + 8, BASE + 0x4030)        # ... and the return into f3
    put64(fp3, 0)                        # f3's frame record: the outermost
    put64(fp3 + 8, BASE + 0x5040)        # the return into f4
    context = bytearray(912)
    struct.pack_into("<I", context, 0, 0x00400003)
    struct.pack_into("<Q", context, 8 + 29 * 8, S + 0x3f0)          # x29: the leaf keeps f1's (unused)
    struct.pack_into("<Q", context, 8 + 30 * 8, BASE + 0x2010)      # lr: the leaf returns into f1
    struct.pack_into("<Q", context, 256, sp0)                       # sp
    struct.pack_into("<Q", context, 264, BASE + 0x1010)             # pc: in the leaf
    dump = os.path.join(tmp, "arm64.dmp")
    write_dump(dump, 12, bytes(context), bytes(stack))
    info, _ = walk(dump, tmp)
    debug_id = info["modules"][0]["debug_id"]
    check(info["system_info"]["cpu"].lower().startswith("arm64"), f"ARM64 dump read as {info['system_info']['cpu']}")
    symbols = os.path.join(tmp, "syms-arm64")
    write_symbols(symbols, debug_id, "arm64", funcs(["leaf", "f1", "f2", "f3", "f4"]) +
                  "STACK CFI INIT 1000 100 .cfa: sp 0 + .ra: lr\n"
                  "STACK CFI INIT 2000 100 .cfa: sp 32 + .ra: .cfa -8 + ^ x29: .cfa -16 + ^\n")
    _, frames = walk(dump, symbols)
    expect_chain("ARM64", frames, [
        ("leaf", BASE + 0x1010, "context", 10),
        ("f1", BASE + 0x2010, "cfi", 20),
        ("f2", BASE + 0x3020, "cfi", 30),
        ("f3", BASE + 0x4030, "frame-pointer", 40),
        ("f4", BASE + 0x5040, "frame-pointer", 50),
    ])
    # Without the symbol file: no names, and the walk still leaves the leaf
    # through lr and follows the frame records as far as they go.
    os.makedirs(os.path.join(tmp, "empty"))
    _, frames = walk(dump, os.path.join(tmp, "empty"))
    check(len(frames) >= 2 and int(frames[1]["pc"], 16) == BASE + 0x2010,
          f"ARM64 without symbols: frame 1 from lr ({[f['pc'] for f in frames]})")

    # ---- ARM ----------------------------------------------------------------------
    stack = bytearray(STACK_SIZE)

    def put32(address, value):
        struct.pack_into("<I", stack, address - S, value)

    sp0 = S + 0x100
    put32(sp0 + 0x08, 0x11111111)        # f1 saves r7 at cfa - 8 ...
    put32(sp0 + 0x0c, BASE + 0x3020)     # ... and lr at cfa - 4: the return into f2
    put32(sp0 + 0x14, BASE + 0x4030)     # f2 has no CFI: the scan finds the return into f3
    context = bytearray(368)
    struct.pack_into("<I", context, 0, 0x40000002)
    struct.pack_into("<I", context, 4 + 14 * 4, BASE + 0x2010)      # lr
    struct.pack_into("<I", context, 4 + 13 * 4, sp0)                # sp
    struct.pack_into("<I", context, 4 + 15 * 4, BASE + 0x1010)      # pc
    dump = os.path.join(tmp, "arm.dmp")
    write_dump(dump, 5, bytes(context), bytes(stack))
    symbols = os.path.join(tmp, "syms-arm")
    write_symbols(symbols, debug_id, "arm", funcs(["leaf", "f1", "f2", "f3"]) +
                  "STACK CFI INIT 1000 100 .cfa: sp 0 + .ra: lr\n"
                  "STACK CFI INIT 2000 100 .cfa: sp 16 + .ra: .cfa -4 + ^ r7: .cfa -8 + ^\n")
    info, frames = walk(dump, symbols)
    check(info["system_info"]["cpu"].lower().startswith("arm"), f"ARM dump read as {info['system_info']['cpu']}")
    expect_chain("ARM", frames[:4], [
        ("leaf", BASE + 0x1010, "context", 10),
        ("f1", BASE + 0x2010, "cfi", 20),
        ("f2", BASE + 0x3020, "cfi", 30),
        ("f3", BASE + 0x4030, "scan", 40),
    ])

sys.exit(1 if failures else 0)
