#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-ctl.py — the store commands of postmortemctl (list, show, purge, export, consent,
# exclude, include): output, JSON, exit codes and error messages, on a real store filled
# by real writer processes.
#
# Runs in: meson test (suite 'store'), with PM_BUILD_DIR from test_env; a fresh store,
# settings file, HOME and XDG dirs in a temporary directory.
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

build = os.environ["PM_BUILD_DIR"]
ctl = os.path.join(build, "app", "postmortemctl")
writer = os.path.join(build, "tests", "store", "pm-store-test-writer")
failures = 0
n = 0


def check(cond, what):
    global failures, n
    n += 1
    print(("ok %d - %s" % (n, what)) if cond else ("not ok %d - %s" % (n, what)))
    if not cond:
        failures += 1


def run(*args, expect=0):
    p = subprocess.run([ctl] + list(args), capture_output=True, text=True, env=env)
    if p.returncode != expect:
        print("# %s -> %d (expected %d)\n# stdout: %s\n# stderr: %s"
              % (" ".join(args), p.returncode, expect, p.stdout, p.stderr))
    check(p.returncode == expect, "postmortemctl %s exits %d" % (" ".join(args), expect))
    return p


with tempfile.TemporaryDirectory() as tmp:
    store = os.path.join(tmp, "store")
    env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp,
               PM_STORE_DIR=store, PM_SETTINGS_FILE=os.path.join(tmp, "settings.ini"))
    env.pop("PM_SYSTEM_SETTINGS_FILE", None)

    p = run("list")
    check("No reports." in p.stdout, "empty store says so")
    p = run("list", "--json")
    check(json.loads(p.stdout) == [], "empty JSON list")

    keys = subprocess.run([writer, "publish", store, "ctl+", "3", "5000"], env=env,
                          capture_output=True, text=True, check=True).stdout.split()
    check(len(keys) == 3, "writer published 3 reports")

    p = run("list", "--json")
    reports = json.loads(p.stdout)
    check(sorted(r["key"] for r in reports) == sorted(keys), "list --json has every key")
    r = reports[0]
    check(r["state"] == "queue" and r["app_name"] == "test-writer" and r["count"] == 1,
          "list --json fields: state, app, count")
    check(r["minidump"] == "minidump.dmp" and r["error"] is None, "list --json minidump and no error")
    check(r["size"] == sum(f["size"] for f in r["files"]), "size is the sum of the files")
    check(r["event_time"].endswith("Z") and len(r["bucket_id"]) == 16, "ISO time and bucket")

    p = run("show", keys[0], "--json")
    shown = json.loads(p.stdout)
    values = dict(shown["values"])
    check(values["ReportIdentifier"] == keys[0][-36:], "show --json values")
    check(shown["values"][0][0] == "Version", "values keep the file order")
    p = run("show", keys[0])
    check("Sig[0].Name=Application Name" in p.stdout and "(minidump)" in p.stdout, "show text output")
    p = run("show", expect=2)
    check("Usage: postmortemctl show" in p.stderr, "show without key: usage")
    p = run("show", "APPCRASH_x_0123456789abcdef_00000000-0000-4000-8000-000000000000", expect=1)
    check("No report" in p.stderr, "show of a missing report says so")

    # A corrupt Report.wer: listed with its error, the rest still listed.
    wer = os.path.join(store, "queue", keys[1], "Report.wer")
    os.unlink(wer)
    with open(wer, "w") as f:
        f.write("Version=1\nno equals sign here\n")
    p = run("list", "--json")
    reports = {r["key"]: r for r in json.loads(p.stdout)}
    check(len(reports) == 3, "a corrupt report still lists with the others")
    check("line 2" in (reports[keys[1]]["error"] or ""), "its error names the line")
    p = run("show", keys[1], expect=1)
    check("line 2" in p.stderr, "show of the corrupt report fails with the line number")
    p = run("list")
    check("error:" in p.stdout, "text list shows the error")

    # Export.
    tgz = os.path.join(tmp, "r.tar.gz")
    run("export", keys[0], "-o", tgz)
    with tarfile.open(tgz) as t:
        names = sorted(t.getnames())
        check(names == sorted([keys[0] + "/Report.wer", keys[0] + "/minidump.dmp"]), "tar.gz holds the report")
        check(t.getmember(keys[0] + "/minidump.dmp").size == 5000, "dump size in the archive")
    z = os.path.join(tmp, "r.zip")
    run("export", keys[0], "-o", z)
    with zipfile.ZipFile(z) as zf:
        check(sorted(zf.namelist()) == names, "zip holds the report")
        check(zf.read(keys[0] + "/minidump.dmp") ==
              open(os.path.join(store, "queue", keys[0], "minidump.dmp"), "rb").read(), "zip content equals the dump")
    p = run("export", keys[0], "-o", z, expect=1)
    check("exists" in p.stderr, "export does not overwrite")
    run("export", keys[0], "-o", os.path.join(tmp, "r.rar"), expect=2)
    run("export", keys[0], expect=2)

    # Consent.
    p = run("consent")
    check("Default: ask" in p.stdout, "default consent is ask")
    run("consent", "gedit", "all-data")
    p = run("consent", "gedit")
    check("gedit: all-data" in p.stdout, "per-app consent")
    run("consent", "--default", "2")
    p = run("consent", "other")
    check("other: parameters" in p.stdout and "the default" in p.stdout, "default applies to others")
    run("consent", "gedit", "unset")
    p = run("consent", "gedit")
    check("gedit: parameters" in p.stdout, "unset falls back to the default")
    p = run("consent", "gedit", "everything", expect=2)
    check("unknown level" in p.stderr, "bad level is a usage error")
    run("consent", "bad=name", "ask", expect=2)
    settings = open(os.path.join(tmp, "settings.ini")).read()
    check("[Consent]" in settings and "Default=parameters" in settings, "settings file written")

    # Exclude / include: an excluded application gets no report.
    run("exclude", "test-writer")
    p = run("exclude")
    check(p.stdout.strip() == "test-writer", "exclude lists it")
    w = subprocess.run([writer, "publish", store, "excluded", "1", "10"], env=env, capture_output=True, text=True)
    check(w.returncode == 1 and "excluded" in w.stderr, "excluded app's report refused")
    run("include", "test-writer")
    w = subprocess.run([writer, "publish", store, "included", "1", "10"], env=env, capture_output=True, text=True)
    check(w.returncode == 0, "included again: report stored")
    run("include", expect=2)

    # Purge.
    run("purge", expect=2)
    run("purge", "--all", keys[0], expect=2)
    p = run("purge", keys[0], "APPCRASH_x_0123456789abcdef_00000000-0000-4000-8000-000000000000", expect=1)
    check("Deleted " + keys[0] in p.stdout and "No report" in p.stderr, "purge KEY… deletes what exists, names what does not")
    p = run("purge", "--queue")
    check("Deleted 3 reports." in p.stdout, "purge --queue")
    p = run("list", "--json")
    check(json.loads(p.stdout) == [], "store empty after purge")

print("1..%d" % n)
sys.exit(1 if failures else 0)
