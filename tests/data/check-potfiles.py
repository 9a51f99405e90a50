#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""Fails when a source file with a translatable string is missing from po/POTFILES,
or when POTFILES names a file that does not exist.

A file is translatable when it is C with _("…"), N_("…"), C_(…), NC_(…) or a
*ngettext call, a GtkBuilder .ui with translatable="yes", or one of the data
files whose text is merged with translations (.desktop.in, .metainfo.xml.in,
.gschema.xml, the MIME .xml). Tests, po/ and build directories are not scanned.

Usage: check-potfiles.py SOURCE_DIR"""
import os
import re
import sys

SCANNED = ("app", "ui", "core", "data")
C_CALL = re.compile(r'(?<![\w])(?:N?C?_|g_d?n?gettext|ngettext|g_dpgettext2?)\s*\(\s*"')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
DATA_SUFFIXES = (".desktop.in", ".metainfo.xml.in", ".gschema.xml", ".mime.xml")


def translatable(path):
    if path.endswith(DATA_SUFFIXES):
        return True
    if path.endswith((".c", ".h")):
        with open(path, encoding="utf-8", errors="replace") as f:
            return C_CALL.search(f.read()) is not None
    if path.endswith(".ui"):
        with open(path, encoding="utf-8", errors="replace") as f:
            return UI_MARK.search(f.read()) is not None
    return False


def main():
    src = sys.argv[1]
    listed = []
    with open(os.path.join(src, "po", "POTFILES"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                listed.append((number, line))

    problems = []
    for number, name in listed:
        if not os.path.isfile(os.path.join(src, name)):
            problems.append(f"po/POTFILES:{number}: {name} does not exist")

    names = {name for _, name in listed}
    for top in SCANNED:
        for root, dirs, files in os.walk(os.path.join(src, top)):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "build")))
            for file in sorted(files):
                path = os.path.join(root, file)
                rel = os.path.relpath(path, src)
                if translatable(path) and rel not in names:
                    problems.append(f"{rel} has translatable strings but is not in po/POTFILES")

    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"po/POTFILES lists all {len(listed)} files with translatable strings")


if __name__ == "__main__":
    main()
