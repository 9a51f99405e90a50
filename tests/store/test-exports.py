#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-exports.py — libpostmortem-store exports exactly its public API: every exported
# symbol is declared in an installed header (postmortem-store.h's headers, the store
# section of werapi.h), and every function those headers declare is exported.
# Private helpers (pm_fs_*, pm_report_load, …) stay hidden (version script).
#
# Runs in: meson test (suite 'store'): test-exports.py LIBRARY HEADER…
import re
import subprocess
import sys

lib = sys.argv[1]
headers = sys.argv[2:]
out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
exported = {line.split()[-1].split("@")[0] for line in out.splitlines() if line.split()[-1][:1] != "_"}
exported.discard("POSTMORTEM_STORE_1.0")

declared = set()
for path in headers:
    text = open(path).read()
    if path.endswith("werapi.h"):
        # Only the store's section: the registration part belongs to libpostmortem.
        text = text[text.index("==== BEGIN report and store API"):text.index("==== END report and store API")]
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for name in re.findall(r"\b(pm_[a-z0-9_]+|Wer[A-Za-z0-9]+)\s*\(", text):
        declared.add(name)
    for prefix in re.findall(r"G_DECLARE_(?:FINAL|DERIVABLE)_TYPE\s*\(\s*\w+\s*,\s*(\w+)", text):
        declared.add(prefix + "_get_type")
# Macros that look like calls are not functions.
declared -= {n for n in declared if n.isupper()}

failures = 0
extra = sorted(exported - declared)
missing = sorted(n for n in declared - exported if not n.startswith("pm_error_quark") or "pm_error_quark" not in exported)
for name in extra:
    print("# exported but not declared in a public header: %s" % name)
for name in missing:
    print("# declared in a public header but not exported: %s" % name)
print("ok 1 - nothing private is exported (%d symbols)" % len(exported) if not extra else "not ok 1 - private symbols exported")
print("ok 2 - every public function is exported (%d declared)" % len(declared) if not missing else "not ok 2 - public functions missing")
print("1..2")
sys.exit(1 if extra or missing else 0)
