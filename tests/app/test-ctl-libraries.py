#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-ctl-libraries.py — each command of postmortemctl loads only the libraries it
# uses (app/meson.build): --help, version, dump, run, and info, memory and sanitize of a
# file map libc alone (no GLib, no module); the store commands add GIO but never libsoup,
# libarchive or libdw; libdw comes only with a stack to walk through a module file on this machine
# (never for a dump from elsewhere), libsoup only with submit, libarchive only with
# import and export. Then the same executable and modules laid out as
# `meson install` lays them out (bin/ and LIBDIR/postmortem/) work from there, and a
# missing module is a clear error, not a crash.
#
# Runs in: meson test (suites 'app' and 'quick'); a temporary store, HOME and XDG dirs.
#   test-ctl-libraries.py BUILD_DIR LIBDIR
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

build, libdir = sys.argv[1], sys.argv[2]
ctl = os.path.join(build, "app", "postmortemctl")
target = os.path.join(build, "tests", "dumper", "pm-test-target")
scratch = tempfile.mkdtemp(prefix="pm-ctl-libraries-")
env = dict(os.environ, HOME=scratch, XDG_DATA_HOME=scratch, XDG_CONFIG_HOME=scratch,
           PM_STORE_DIR=os.path.join(scratch, "store"),
           PM_SETTINGS_FILE=os.path.join(scratch, "settings.ini"), LC_ALL="C.UTF-8")
env.pop("LD_PRELOAD", None)
env.pop("DEBUGINFOD_URLS", None)
failures = 0
n = 0


def check(cond, what):
    global failures, n
    n += 1
    print(("ok %d - %s" % (n, what)) if cond else ("not ok %d - %s" % (n, what)))
    if not cond:
        failures += 1


def loaded(exe, *args, expect=0):
    """The shared objects the dynamic loader opened for `exe args` (LD_DEBUG=files), and
    the process's stderr without them."""
    p = subprocess.run([exe, *args], capture_output=True, text=True, env=dict(env, LD_DEBUG="files"))
    names, rest = set(), []
    for line in p.stderr.splitlines():
        if "file=" in line and "needed by" in line or "dynamically loaded by" in line:
            name = line.split("file=", 1)[1].split()[0]
            names.add(name)
            names.add(os.path.basename(name))
        elif not re.match(r"\s*\d+:\t", line):
            rest.append(line)
    if p.returncode != expect:
        print("# %s -> %d (expected %d): %s" % (" ".join(args), p.returncode, expect, "\n# ".join(rest[-5:])))
    check(p.returncode == expect, "postmortemctl %s exits %d" % (" ".join(args), expect))
    return names, "\n".join(rest)


def has(names, prefix):
    return any(os.path.basename(n).startswith(prefix) for n in names)


def expect_libraries(args, present=(), absent=(), expect=0):
    names, _ = loaded(ctl, *args, expect=expect)
    for lib in present:
        check(has(names, lib), "postmortemctl %s loads %s" % (" ".join(args), lib))
    for lib in absent:
        check(not has(names, lib), "postmortemctl %s does not load %s" % (" ".join(args), lib))


HEAVY = ("libsoup", "libarchive", "libdw", "libelf", "libsystemd", "libkrb5", "libicu")
try:
    # A real dump of a live process, to read.
    proc = subprocess.Popen([target, "--threads", "2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    pid = proc.stdout.readline().split()[1]
    dump = os.path.join(scratch, "live.dmp")
    made = subprocess.run([ctl, "dump", pid, "--type", "mini", "-o", dump], capture_output=True, text=True, env=env)
    proc.stdin.close()
    proc.wait()
    check(made.returncode == 0 and os.path.getsize(dump) > 0, "postmortemctl dump writes a minidump")

    # Under a sanitizer its runtime (libasan, libubsan) brings libm itself.
    version_libs = loaded(ctl, "version")[0]
    sanitized = any(has(version_libs, rt) for rt in ("libasan", "libubsan"))
    LIBC_ONLY = HEAVY + ("libglib", "libgio", "libpcre2", "postmortemctl-") + (() if sanitized else ("libm.",))
    expect_libraries(["--help"], absent=LIBC_ONLY)
    expect_libraries(["version"], absent=LIBC_ONLY)
    expect_libraries(["dump"], absent=LIBC_ONLY, expect=2)
    expect_libraries(["run", "--type", "mini"], absent=LIBC_ONLY, expect=2)
    expect_libraries(["frob"], absent=LIBC_ONLY, expect=2)
    # info, memory and sanitize of a file are built in: libc only, the walker too.
    expect_libraries(["info", dump], absent=LIBC_ONLY)
    expect_libraries(["list"], present=("postmortemctl-store.so", "libgio"), absent=HEAVY)
    expect_libraries(["consent"], present=("postmortemctl-store.so",), absent=HEAVY)
    # hang dumps like `dump` and publishes like the store commands: nothing heavier.
    expect_libraries(["hang"], present=("postmortemctl-store.so",), absent=HEAVY, expect=2)
    expect_libraries(["memory", dump, "0x1000", "16"], absent=LIBC_ONLY, expect=1)
    # --json walks every thread: this machine's module files (libdw) come with it, GLib does not.
    expect_libraries(["info", "--json", dump], present=("postmortemctl-backtrace.so", "libdw"),
                     absent=("libsoup", "libarchive", "libgio", "libglib", "libdebuginfod", "libcurl"))
    # A dump from another machine: none of its modules is here, the walk needs no libdw.
    corpus = os.environ.get("PM_CORPUS_DIR", "")
    foreign = os.path.join(corpus, "breakpad__linux_null_read_av.dmp")
    if os.path.exists(foreign):
        expect_libraries(["info", "--json", foreign], absent=LIBC_ONLY)
    else:
        print("# SKIP: no corpus at PM_CORPUS_DIR=%r: a foreign dump's info is not checked" % corpus)
    # debuginfod: elfutils' client, in the walker's module (no server set: it fails before asking).
    expect_libraries(["debuginfod", "--build-id", "00ff"], present=("postmortemctl-debuginfod.so", "libdebuginfod"),
                     absent=("libsoup", "libarchive", "libgio"), expect=1)
    # An empty store: nothing is due (each report may name its own server now).
    expect_libraries(["submit", "--all"], present=("postmortemctl-send.so", "libsoup"),
                     absent=("libarchive", "libdw"))
    expect_libraries(["import", os.path.join(scratch, "absent.tar.gz")], present=("postmortemctl-archive.so", "libarchive"),
                     absent=("libsoup", "libdw"), expect=1)
    expect_libraries(["sanitize", dump, "-o", os.path.join(scratch, "sanitized.dmp")], absent=LIBC_ONLY)
    # Cores and systemd-coredump's journal: libelf and libsystemd, and only there.
    expect_libraries(["import-core", os.path.join(scratch, "absent.core")],
                     present=("postmortemctl-coredump.so", "libelf", "libsystemd"),
                     absent=("libsoup", "libarchive", "libdw"), expect=1)

    # Laid out as installed: bin/postmortemctl and LIBDIR/postmortem/*.so, nothing beside.
    prefix = os.path.join(scratch, "prefix")
    os.makedirs(os.path.join(prefix, "bin"))
    moduledir = os.path.join(prefix, libdir, "postmortem")
    os.makedirs(moduledir)
    installed = os.path.join(prefix, "bin", "postmortemctl")
    shutil.copy2(ctl, installed)
    for module in glob.glob(os.path.join(build, "app", "postmortemctl-*.so")):
        shutil.copy2(module, moduledir)
    names, _ = loaded(installed, "list")
    check(os.path.join(moduledir, "postmortemctl-store.so") in
          {os.path.normpath(n) for n in names if n.startswith("/")},
          "installed: list loads %s/postmortemctl-store.so" % moduledir)
    names, _ = loaded(installed, "info", "--json", dump)
    check(has(names, "postmortemctl-backtrace.so"), "installed: info --json loads the walker")

    # A module missing: a message naming the command, exit status 1.
    os.unlink(os.path.join(moduledir, "postmortemctl-send.so"))
    _, err = loaded(installed, "submit", "--all", expect=1)
    check("the command “submit” cannot be loaded" in err, "a missing module is reported: %s" % err.strip()[:200])
finally:
    shutil.rmtree(scratch, ignore_errors=True)

print("1..%d" % n)
sys.exit(1 if failures else 0)
