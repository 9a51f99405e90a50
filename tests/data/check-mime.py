#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""Checks data/io.github.postmortem.Postmortem.mime.xml for real: installs it next
to the system's shared-mime-info database in a scratch XDG data dir, builds the
database with update-mime-database (which rejects a malformed file), and asks GIO
what type real files get: a minidump from the corpus (or one made here with the
MDMP magic) is application/x-minidump whether it ends in .dmp, .mdmp or nothing,
while a packet capture named .dmp stays a packet capture.

Usage: check-mime.py SOURCE_DIR   (run with the system python that has gi)"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

APP_ID = "io.github.postmortem.Postmortem"


def main():
    src = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        pkgdir = os.path.join(tmp, "share", "mime", "packages")
        os.makedirs(pkgdir)
        shutil.copy("/usr/share/mime/packages/freedesktop.org.xml", pkgdir)
        shutil.copy(os.path.join(src, "data", APP_ID + ".mime.xml"),
                    os.path.join(pkgdir, APP_ID + ".xml"))
        env = dict(os.environ, XDG_DATA_DIRS=os.path.join(tmp, "share"),
                   XDG_DATA_HOME=os.path.join(tmp, "home"))
        r = subprocess.run(["update-mime-database", "-n", os.path.join(tmp, "share", "mime")],
                           env=env, capture_output=True, text=True)
        if r.returncode != 0 or r.stderr.strip():
            sys.exit("update-mime-database rejected the MIME file: " + r.stderr)

        # A minimal valid MINIDUMP_HEADER: signature, version 0xA793, 0 streams.
        header = struct.pack("<4sIIIIIQ", b"MDMP", 0xA793, 0, 32, 0, 0, 0)
        pcap = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
        corpus = os.environ.get("PM_CORPUS_DIR", "")
        real = os.path.join(corpus, "breakpad__linux_null_read_av.dmp")
        real_bytes = open(real, "rb").read(4096) if os.path.exists(real) else header
        cases = [
            ("crash.dmp", real_bytes, "application/x-minidump"),
            ("crash.mdmp", header, "application/x-minidump"),
            ("crash", header, "application/x-minidump"),
            ("capture.dmp", pcap, "application/vnd.tcpdump.pcap"),
        ]
        files = []
        for name, data, _ in cases:
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data + b"\0" * 64)
            files.append(path)

        # GIO reads XDG_DATA_DIRS once, so ask a fresh process.
        probe = ("import sys, gi\n"
                 "from gi.repository import Gio\n"
                 "for p in sys.argv[1:]:\n"
                 "    i = Gio.File.new_for_path(p).query_info('standard::content-type', 0, None)\n"
                 "    print(i.get_content_type())\n")
        r = subprocess.run(["/usr/bin/python3", "-c", probe] + files,
                           env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("could not ask GIO for content types: " + r.stderr)
        got = r.stdout.split()
        failed = False
        for (name, _, want), have in zip(cases, got):
            status = "ok" if have == want else "WRONG"
            print(f"{status}: {name}: {have} (expected {want})")
            failed |= have != want
        if len(got) != len(cases) or failed:
            sys.exit(1)


if __name__ == "__main__":
    main()
