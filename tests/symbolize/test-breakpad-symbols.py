#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-breakpad-symbols.py — backtraces from Breakpad symbol files equal
# Breakpad's own: for every corpus dump that has symbol files in the
# corpus's symbols/ tree, `postmortemctl info --json --symbols DIR` and
# Breakpad's minidump_stackwalk with the same directory walk the crashing
# thread; every frame Breakpad found by the context, call frame information
# (STACK CFI / STACK WIN) or an inline record must be ours too, in the same
# place, with the same module, function, source file and line, and ours must
# go at least as far. Frames Breakpad found by scanning the stack are guesses
# and are not compared.
#
# Runs in: meson test (suite symbolize). Skips (77) without the corpus or
# minidump_stackwalk (tests/bench/build-anchors.sh installs it).
#   test-breakpad-symbols.py POSTMORTEMCTL
import json
import os
import re
import subprocess
import sys

ctl = sys.argv[1]
corpus = os.environ.get("PM_CORPUS_DIR", "")
if not corpus or not os.path.isdir(os.path.join(corpus, "symbols")):
    print(f"SKIP: no corpus with symbols at '{corpus}' (PM_CORPUS_DIR)")
    sys.exit(77)
oracles = os.environ.get("PM_ORACLE_DIR", os.path.expanduser("~/.cache/postmortem/oracles"))
stackwalk = os.path.join(oracles, "node_modules/minidump/bin/linux-x64/minidump_stackwalk")
if not os.access(stackwalk, os.X_OK):
    print(f"SKIP: no minidump_stackwalk at {stackwalk} (PM_ORACLE_DIR)")
    sys.exit(77)
symbols = os.path.join(corpus, "symbols")
env = dict(os.environ)
env.pop("DEBUGINFOD_URLS", None)

# "  3  kernel32.dll!BaseProcessStart + 0x23" / "  1  test_app.exe!main [test_app.cc : 65 + 0x5]"
FRAME = re.compile(r"^ ?\s*(\d+)  (.*)$")
SOURCE = re.compile(r"^(?P<where>.*?) \[(?P<file>.*) : (?P<line>\d+) \+ 0x[0-9a-f]+\]$")


def basename(path):
    return re.split(r"[\\/]", path)[-1] if path else None


def breakpad_frames(dump):
    """The crashing thread's frames as (module, function, file, line, found-by)."""
    out = subprocess.run([stackwalk, dump, symbols], capture_output=True, text=True, env=env).stdout
    frames, inside = [], False
    for line in out.splitlines():
        if re.match(r"^Thread \d+ \(crashed\)", line):
            inside = True
            continue
        if inside and line == "":
            break
        if not inside:
            continue
        m = FRAME.match(line)
        if m and not line.startswith("    "):
            text = m.group(2)
            file = line_no = None
            s = SOURCE.match(text)
            if s:
                text, file, line_no = s.group("where"), s.group("file"), int(s.group("line"))
            text = re.sub(r" \+ 0x[0-9a-f]+$", "", text)
            module, _, function = text.partition("!")
            frames.append([module, function or None, basename(file), line_no, None])
        elif line.strip().startswith("Found by:") and frames:
            frames[-1][4] = line.strip()[len("Found by: "):]
    return frames


def our_frames(dump):
    out = subprocess.run([ctl, "info", "--json", "--symbols", symbols, dump],
                         capture_output=True, text=True, env=env)
    info = json.loads(out.stdout)
    index = info["crashing_thread"]
    frames = info["threads"][index]["frames"] or []
    return [(f.get("module"), f.get("function"), basename(f.get("file")), f.get("line") or None, f.get("trust"))
            for f in frames]


def dumps_with_symbols():
    """Corpus dumps one of whose modules has a .sym file in symbols/."""
    have = set()
    for name in os.listdir(symbols):
        for debug_id in os.listdir(os.path.join(symbols, name)):
            have.add((name.lower(), debug_id.upper()))
    for dump in sorted(os.listdir(corpus)):
        if not dump.endswith(".dmp"):
            continue
        path = os.path.join(corpus, dump)
        out = subprocess.run([ctl, "info", "--json", path], capture_output=True, text=True, env=env)
        try:
            info = json.loads(out.stdout)
        except json.JSONDecodeError:
            continue
        if info.get("crashing_thread") is None:
            continue
        for m in info["modules"]:
            debug_file = basename(m.get("debug_file") or "")
            if debug_file and (debug_file.lower(), (m.get("debug_id") or "").upper()) in have:
                yield path
                break


failures = 0
checked = 0
for dump in dumps_with_symbols():
    name = os.path.basename(dump)
    theirs = breakpad_frames(dump)
    ours = our_frames(dump)
    sure = []
    for frame in theirs:
        if frame[4] is None or "scanning" in frame[4]:
            break
        sure.append(frame)
    if not sure:
        print(f"FAIL: {name}: minidump_stackwalk gave no frame")
        failures += 1
        continue
    checked += 1
    if len(ours) < len(sure):
        print(f"FAIL: {name}: we walk {len(ours)} frames, Breakpad is sure of {len(sure)}")
        failures += 1
    for i, frame in enumerate(sure[:len(ours)]):
        mine = ours[i]
        want = tuple(frame[:4])
        got = (mine[0], mine[1], mine[2], mine[3])
        if want != got:
            print(f"FAIL: {name}: frame {i}: Breakpad {want} ({frame[4]}), ours {got} ({mine[4]})")
            failures += 1
    print(f"ok: {name}: {len(sure)} frame(s) as Breakpad's ({', '.join(f[1] or f[0] for f in sure)}); we walk {len(ours)}")
if checked == 0:
    print("FAIL: no corpus dump had symbols to compare")
    failures += 1
sys.exit(1 if failures else 0)
