#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""Checks every language in po/LINGUAS: the .po file compiles with msgfmt --check
(format strings match, header valid), and it is complete against the strings the
sources hold today: a template made from po/POTFILES with the same xgettext
keywords as meson's 'glib' preset is merged into a copy of the .po, and any
untranslated or fuzzy message fails the test, naming it.

Usage: check-translations.py SOURCE_DIR"""
import os
import re
import subprocess
import sys
import tempfile

KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3"]


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return r


def main():
    src = sys.argv[1]
    po = os.path.join(src, "po")
    langs = [l.strip() for l in open(os.path.join(po, "LINGUAS")) if l.strip() and not l.startswith("#")]
    if not langs:
        sys.exit("po/LINGUAS lists no language")
    files = [l.strip() for l in open(os.path.join(po, "POTFILES")) if l.strip() and not l.startswith("#")]
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "postmortem.pot")
        cmd = ["xgettext", "--from-code=UTF-8", "--add-comments=Translators", "-o", pot,
               "--directory", src] + ["--keyword=" + k for k in KEYWORDS] + files
        run(cmd)
        for lang in langs:
            source = os.path.join(po, lang + ".po")
            run(["msgfmt", "--check", "-o", os.devnull, source])
            merged = os.path.join(tmp, lang + ".po")
            run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, source, pot])
            # Names each message msgmerge left untranslated or fuzzy.
            for kind, flag in (("untranslated", "--untranslated"), ("fuzzy", "--only-fuzzy")):
                r = run(["msgattrib", flag, "--no-obsolete", "--no-wrap", merged])
                ids = [m for m in re.findall(r'^msgid "(.*)"$', r.stdout, re.M) if m]
                for m in ids:
                    print(f"{lang}: {kind}: \"{m}\"")
                failed |= bool(ids)
            r = run(["msgfmt", "--statistics", "-o", os.devnull, merged])
            print(f"{lang}: {r.stderr.strip()}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
