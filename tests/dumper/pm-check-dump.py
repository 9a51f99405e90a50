#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# pm-check-dump.py — checks a minidump against the stream rules that LLDB and
# Breakpad's processor rely on, reading only the published layout (no project code):
#   header signature MDMP, version low word 0xA793; exactly one of each core
#   stream; SystemInfo platform Linux (0x8201) and AMD64; every thread context
#   1232 bytes with the full AMD64 flags; CodeView 'BpEL' records carrying a
#   whole 20-byte GNU build-id for files that have one; module ranges that do
#   not overlap; MemoryList ranges sorted and not overlapping, each inside the
#   file; thread stacks inside the file; MiscInfo of a real struct size; the
#   Memory64List's data inside the file.
#
# Runs in: the dumper tests (suite dumper).
#   pm-check-dump.py FILE [--expect-exception] [--heap]
# Prints one line per problem and exits 1 when there is any.
import struct
import sys

path = sys.argv[1]
expect_exception = "--expect-exception" in sys.argv
heap = "--heap" in sys.argv
data = open(path, "rb").read()
problems = []


def bad(msg):
    problems.append(msg)


def u32(off):
    return struct.unpack_from("<I", data, off)[0]


sig, version, n_streams, dir_rva = struct.unpack_from("<IIII", data, 0)
if sig != 0x504D444D:
    sys.exit("%s: not a minidump" % path)
if version & 0xFFFF != 0xA793:
    bad("header version low word is 0x%x, not 0xA793" % (version & 0xFFFF))

streams = {}
for i in range(n_streams):
    typ, size, rva = struct.unpack_from("<III", data, dir_rva + 12 * i)
    if typ == 0:
        continue
    if rva + size > len(data):
        bad("stream 0x%x (%d bytes at 0x%x) runs past the end of the file" % (typ, size, rva))
    streams.setdefault(typ, []).append((size, rva))

core = {3: "ThreadList", 4: "ModuleList", 5: "MemoryList", 7: "SystemInfo", 15: "MiscInfo"}
if expect_exception:
    core[6] = "Exception"
if heap:
    core.update({9: "Memory64List", 16: "MemoryInfoList", 12: "HandleData"})
for typ, name in core.items():
    if len(streams.get(typ, [])) != 1:
        bad("%d %s streams, want exactly 1" % (len(streams.get(typ, [])), name))
for typ, found in streams.items():
    if len(found) > 1:
        bad("stream type 0x%x appears %d times" % (typ, len(found)))
if not expect_exception and 6 in streams:
    bad("an Exception stream in a dump taken on request")


def stream(typ):
    return streams[typ][0] if typ in streams else (0, 0)


# SystemInfo
size, rva = stream(7)
if size:
    arch = struct.unpack_from("<H", data, rva)[0]
    platform = u32(rva + 20)
    if arch != 9:
        bad("SystemInfo processor_architecture %d, want 9 (AMD64)" % arch)
    if platform != 0x8201:
        bad("SystemInfo platform_id 0x%x, want 0x8201 (Linux)" % platform)

# MiscInfo: one of the real sizes
size, rva = stream(15)
if size:
    if size not in (24, 44, 232, 832, 1364) or u32(rva) != size:
        bad("MiscInfo size %d / size_of_info %d is not a MINIDUMP_MISC_INFO size" % (size, u32(rva)))


def check_context(loc_size, loc_rva, what):
    if loc_size != 1232:
        bad("%s context is %d bytes, want 1232" % (what, loc_size))
        return
    flags = u32(loc_rva + 48)
    if flags not in (0x10000F, 0x10001F, 0x10000B):
        bad("%s context flags 0x%x are not full AMD64 flags" % (what, flags))


# ThreadList
size, rva = stream(3)
if size:
    count = u32(rva)
    if size != 4 + 48 * count:
        bad("ThreadList size %d for %d threads" % (size, count))
    for i in range(count):
        t = rva + 4 + 48 * i
        tid = u32(t)
        stack_start, stack_size, stack_rva, ctx_size, ctx_rva = struct.unpack_from("<QIIII", data, t + 24)
        check_context(ctx_size, ctx_rva, "thread %d" % tid)
        if stack_size == 0:
            bad("thread %d has no stack memory" % tid)
        elif stack_rva + stack_size > len(data):
            bad("thread %d stack runs past the end of the file" % tid)

# Exception
size, rva = stream(6)
if size:
    ctx_size, ctx_rva = struct.unpack_from("<II", data, rva + 160)
    check_context(ctx_size, ctx_rva, "exception")

# ModuleList
size, rva = stream(4)
if size:
    count = u32(rva)
    if size != 4 + 108 * count:
        bad("ModuleList size %d for %d modules" % (size, count))
    ranges = []
    for i in range(count):
        m = rva + 4 + 108 * i
        base, image_size = struct.unpack_from("<QI", data, m)
        cv_size, cv_rva = struct.unpack_from("<II", data, m + 76)
        name_len = u32(u32(m + 20))
        name = data[u32(m + 20) + 4: u32(m + 20) + 4 + name_len].decode("utf-16-le")
        ranges.append((base, base + image_size, name))
        if cv_size < 4 or data[cv_rva:cv_rva + 4] != b"LEpB":
            bad("module %s has no 'BpEL' CodeView record" % name)
        elif cv_size != 4 + 20 and not name.startswith("linux-vdso"):
            bad("module %s CodeView record carries %d bytes of build-id, want the whole 20" % (name, cv_size - 4))
    ranges.sort()
    for a, b in zip(ranges, ranges[1:]):
        if a[1] > b[0]:
            bad("modules %s and %s overlap" % (a[2], b[2]))

# MemoryList: sorted, no overlaps, inside the file
size, rva = stream(5)
if size:
    count = u32(rva)
    if size not in (4 + 16 * count, 8 + 16 * count):
        bad("MemoryList size %d for %d ranges" % (size, count))
    prev_end = 0
    for i in range(count):
        start, msize, mrva = struct.unpack_from("<QII", data, rva + 4 + 16 * i)
        if msize == 0:
            bad("MemoryList range %d is empty" % i)
        if start < prev_end:
            bad("MemoryList range 0x%x overlaps or precedes the one before (ends 0x%x)" % (start, prev_end))
        if mrva + msize > len(data):
            bad("MemoryList range 0x%x runs past the end of the file" % start)
        prev_end = start + msize

# Memory64List: sorted, data inside the file
size, rva = stream(9)
if size:
    count, base_rva = struct.unpack_from("<QQ", data, rva)
    total, prev_end = 0, 0
    for i in range(count):
        start, msize = struct.unpack_from("<QQ", data, rva + 16 + 16 * i)
        if start < prev_end:
            bad("Memory64List range 0x%x overlaps the one before" % start)
        prev_end = start + msize
        total += msize
    if base_rva + total > len(data):
        bad("Memory64List data (%d bytes from 0x%x) runs past the end of the file" % (total, base_rva))

for p in problems:
    print("%s: %s" % (path, p))
sys.exit(1 if problems else 0)
