#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-exports.py — libpostmortem-store exports exactly its public API. Three lists must be
# the same set of names: what the built library exports (nm -D --defined-only), the
# version script (an exact list, no patterns), and the functions declared with
# PM_STORE_AVAILABLE_IN_ALL in the installed headers and in werapi.h. Every function that
# a store header declares must carry the mark, and every installed header must be reachable
# from the umbrella header postmortem-store.h.
#
# Runs in: meson test (suite 'store'): test-exports.py LIBRARY MAP UMBRELLA HEADER…
# (werapi.h among the headers: only its marked functions are the store's).
import os
import re
import subprocess
import sys

MARK = "PM_STORE_AVAILABLE_IN_ALL"
lib, map_path, umbrella = sys.argv[1:4]
headers = sys.argv[4:]
problems = []


def statements(text):
    """The top-level declarations of a header: comments, preprocessor lines and the
    C/C++ bracket macros removed, split at ';'."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"^\s*#.*?(?<!\\)$", "", text, flags=re.M | re.S)
    text = re.sub(r"\bG_(BEGIN|END)_DECLS\b", "", text)
    text = re.sub(r"\bG_DEFINE_AUTOPTR_CLEANUP_FUNC\s*\([^)]*\)", ";", text)
    text = re.sub(r"(\bG_DECLARE_\w+\s*\([^)]*\))", r"\1;", text)   # no ';' of its own
    text = re.sub(r"\bextern \"C\" \{|^\}$", "", text, flags=re.M)
    return [s.strip() for s in text.split(";") if s.strip()]


def declared_name(stmt):
    m = re.search(r"G_DECLARE_(?:FINAL|DERIVABLE)_TYPE\s*\(\s*\w+\s*,\s*(\w+)", stmt)
    if m:
        return m.group(1) + "_get_type"
    if "{" in stmt or stmt.startswith("typedef"):
        return None
    m = re.search(r"\b([A-Za-z_]\w*)\s*\(", stmt.replace(MARK, "").replace("WINAPI", ""))
    return m.group(1) if m else None


# 1. What the library exports.
out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
exported = set()
for line in out.splitlines():
    fields = line.split()
    if fields[1] == "A":          # the version node
        continue
    name, _, version = fields[-1].partition("@@")
    if version != "POSTMORTEM_STORE_1.0":
        problems.append("%s is exported without the POSTMORTEM_STORE_1.0 version" % fields[-1])
    exported.add(name)

# 2. The version script: an exact list.
text = re.sub(r"/\*.*?\*/", "", open(map_path).read(), flags=re.S)
global_part = text[text.index("global:") + len("global:"):text.index("local:")]
listed = set()
for entry in (e.strip() for e in global_part.split(";")):
    if not entry:
        continue
    if not re.fullmatch(r"[A-Za-z_]\w*", entry):
        problems.append("%s: '%s' is not a plain symbol name (no patterns)" % (os.path.basename(map_path), entry))
    listed.add(entry)

# 3. The headers.
marked = set()
for path in headers:
    is_werapi = os.path.basename(path) == "werapi.h"
    for stmt in statements(open(path).read()):
        name = declared_name(stmt)
        if name is None:
            continue
        if stmt.startswith(MARK):
            marked.add(name)
        elif not is_werapi and re.fullmatch(r"(pm|Pm|PM)_?\w*", name) and "(" in stmt:
            problems.append("%s: %s is declared without %s" % (os.path.basename(path), name, MARK))

umbrella_text = open(umbrella).read()
for path in headers:
    base = os.path.basename(path)
    if base in ("werapi.h", os.path.basename(umbrella)):
        continue
    if '#include "%s"' % base not in umbrella_text:
        problems.append("%s is installed but not included by %s" % (base, os.path.basename(umbrella)))

for name in sorted(exported - listed):
    problems.append("exported but not in the version script: %s" % name)
for name in sorted(listed - exported):
    problems.append("in the version script but not exported: %s" % name)
for name in sorted(exported - marked):
    problems.append("exported but not declared with %s in a public header: %s" % (MARK, name))
for name in sorted(marked - exported):
    problems.append("declared with %s but not exported: %s" % (MARK, name))

for p in problems:
    print("# " + p)
checks = [
    ("the library exports exactly the %d names of the version script" % len(listed),
     not any("version script" in p or "POSTMORTEM_STORE_1.0" in p for p in problems)),
    ("every exported name is declared with %s, and only those (%d)" % (MARK, len(marked)),
     not any(MARK in p for p in problems)),
    ("every installed header is reachable from %s" % os.path.basename(umbrella),
     not any("not included by" in p for p in problems)),
]
for i, (what, ok) in enumerate(checks, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
print("1..%d" % len(checks))
sys.exit(1 if problems else 0)
