#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-crash-to-server.py — the whole path, with real processes: a program
# linked with libpostmortem crashes (SIGSEGV), postmortem-dumper writes its
# minidump into an isolated store, `postmortemctl submit --all` sends it to
# postmortem-test-receiver on 127.0.0.1, and the receiver's copy is checked.
#
# Runs in: a test process (meson test, suite 'upload').
#
# What it proves: the dump that arrives is byte-identical to the one in the
# store, Breakpad's minidump_stackwalk (the oracle, when installed) reads it
# and names the SIGSEGV; the fields a crash server needs are there; and
# consent decides about the dump at send time: under "safe-data" a real dump
# that holds the environment stream (0x47670007; postmortem-dumper --environ of
# a live child) is sent only as its sanitized copy (no environment stream, the
# copy kept in the report as Upload.sanitized-*, the original untouched), and
# so is a crash dump written under "safe-data". And with no settings at all (a
# fresh install): a program that registered its own crash server
# (pm_register_crash_server) has its report sent there by `submit KEY --approve`
# without --url, and so does one whose desktop file names it
# (X-Postmortem-CrashServer); with neither, nothing is sent and the message says why.
import os
import shutil
import struct
import subprocess
import sys
import tempfile

build = os.environ.get("PM_BUILD_DIR")
if not build:
    print("PM_BUILD_DIR is not set (run through meson test)")
    sys.exit(77)
ctl = os.path.join(build, "app", "postmortemctl")
child = os.path.join(build, "tests", "client", "pm-crash-child")
dumper = os.path.join(build, "core", "dumper", "postmortem-dumper")
receiver_exe = os.path.join(build, "tests", "upload", "postmortem-test-receiver")
for path in (ctl, child, dumper, receiver_exe):
    if not os.access(path, os.X_OK):
        print(f"missing {path}")
        sys.exit(77)
oracle_dir = os.environ.get("PM_ORACLE_DIR") or os.path.join(
    os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "postmortem", "oracles")
stackwalk = None
for base in (oracle_dir, "/tmp/oracles"):
    candidate = os.path.join(base, "node_modules", "minidump", "bin", "linux-x64", "minidump_stackwalk")
    if os.access(candidate, os.X_OK):
        stackwalk = candidate
        break

root = tempfile.mkdtemp(prefix="pm-crash-to-server-")
env = dict(os.environ)
for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache"), ("PM_STORE_DIR", "store")):
    os.makedirs(os.path.join(root, sub), mode=0o700)
    env[var] = os.path.join(root, sub)
env["PM_SETTINGS_FILE"] = os.path.join(root, "config", "settings.ini")
env["PM_DUMPER_PATH"] = dumper
failures = 0


def check(what, ok):
    global failures
    print(("ok - " if ok else "not ok - ") + what)
    failures += not ok


def settings(consent):
    with open(env["PM_SETTINGS_FILE"], "w") as f:
        f.write(f"[Consent]\nDefault={consent}\n[Quota]\nFloodWindowSeconds=0\n")


def streams(data):
    """Stream types of a minidump (header and directory only)."""
    sig, _, count, rva = struct.unpack_from("<IIII", data, 0)
    if sig != 0x504D444D:
        return set()
    return {struct.unpack_from("<I", data, rva + 12 * i)[0] for i in range(count)}


def crash(extra_env=None):
    """Crashes the child; returns the key of the new queued report."""
    before = set(os.listdir(os.path.join(env["PM_STORE_DIR"], "queue"))) \
        if os.path.isdir(os.path.join(env["PM_STORE_DIR"], "queue")) else set()
    # A sanitized build's child must leave SIGSEGV to libpostmortem's handler.
    child_env = dict(env)
    child_env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
                                                       "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:"
                                                       "handle_sigill=0:handle_abort=0:handle_sigtrap=0:use_sigaltstack=0:"
                                                       "detect_leaks=0:abort_on_error=0"]))
    child_env.update(extra_env or {})
    proc = subprocess.run([child, "null"], env=child_env, capture_output=True)
    check(f"the child died of SIGSEGV (status {proc.returncode})", proc.returncode == -11)
    after = set(os.listdir(os.path.join(env["PM_STORE_DIR"], "queue")))
    new = sorted(after - before)
    check("one report was published", len(new) == 1)
    return new[0] if new else None


def read_report(key, state="archive"):
    path = os.path.join(env["PM_STORE_DIR"], state, key)
    wer = dict(line.split("=", 1) for line in open(os.path.join(path, "Report.wer"), encoding="utf-8").read().splitlines())
    return path, wer


def received(crash_id):
    path = os.path.join(root, "received", crash_id)
    fields = {}
    for line in open(os.path.join(path, "fields.txt"), encoding="utf-8").read().splitlines():
        if not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            fields[k] = v
    dump_path = os.path.join(path, "upload_file_minidump")
    dump = open(dump_path, "rb").read() if os.path.exists(dump_path) else None
    return fields, dump, dump_path


receiver = subprocess.Popen([receiver_exe, "--dir", os.path.join(root, "received")],
                            stdout=subprocess.PIPE, text=True)
try:
    url = receiver.stdout.readline().split()[-1]

    # 1. all-data: the dump (with the environment) is sent whole.
    settings("all-data")
    key = crash()
    if key:
        sent = subprocess.run([ctl, "submit", "--all", "--url", url], env=env, capture_output=True, text=True)
        check(f"submit --all exits 0 ({sent.stderr.strip()})", sent.returncode == 0)
        path, wer = read_report(key)
        crash_id = wer.get("Response.ReportId", "")
        check("Response.ReportId is the receiver's CrashID", crash_id.startswith("bp-") and crash_id in sent.stdout)
        fields, dump, dump_path = received(crash_id)
        stored = open(os.path.join(path, wer["File[0].Name"]), "rb").read()
        check("the received minidump is byte-identical to the stored one", dump == stored)
        check("ProductName and prod name the crashed program",
              fields.get("ProductName") == "pm-crash-child" and fields.get("prod") == "pm-crash-child")
        check("Version is present (unknown when the program has none)", fields.get("Version") == "unknown")
        check("the signal and the registered metadata are fields",
              fields.get("Signal") == "SIGSEGV" and fields.get("TestKey") == "TestValue")
        check("the stable id is the ReportIdentifier", fields.get("guid") == wer.get("ReportIdentifier"))
        check("AppPath and Pid are not sent", "AppPath" not in fields and wer.get("Postmortem.Pid") not in fields.values())
        if stackwalk:
            walk = subprocess.run([stackwalk, "-m", dump_path], capture_output=True, text=True)
            crash_line = [l for l in walk.stdout.splitlines() if l.startswith("Crash|")]
            check(f"minidump_stackwalk reads the received dump ({crash_line[:1]})",
                  walk.returncode == 0 and crash_line and "SIGSEGV" in crash_line[0])
        else:
            print("# minidump_stackwalk not found under PM_ORACLE_DIR: oracle check skipped")

    # 2. a dump that holds the environment (a live dump of a child with
    #    postmortem-dumper --environ, brought in with postmortemctl import),
    #    sent under "safe-data": the dump stays home, the parameters go.
    sleeper = subprocess.Popen(["sleep", "30"])
    env_dump = os.path.join(root, "with-environ.dmp")
    made = subprocess.run([dumper, "--pid", str(sleeper.pid), "--type", "mini", "--output", env_dump, "--environ"],
                          env=env, capture_output=True, text=True)
    sleeper.kill()
    sleeper.wait()
    check(f"postmortem-dumper --environ made a dump ({made.stderr.strip()})", made.returncode == 0)
    if made.returncode == 0:
        data = open(env_dump, "rb").read()
        check("that dump holds the environment stream (0x47670007)", 0x47670007 in streams(data))
        wer = ("Version=1\nEventType=APPCRASH\nEventTime=133000000000000000\n"
               "ReportIdentifier=0badc0de-0000-4000-8000-000000000001\nAppName=sleep\n"
               "Sig[0].Name=Application Name\nSig[0].Value=sleep\nSig[6].Name=Signal\nSig[6].Value=SIGSEGV\n"
               "File[0].Name=minidump.mdmp\nFile[0].Type=MiniDump\nFile[0].Flags=0\n").encode()
        archive = os.path.join(root, "environ.tar")
        import io
        import tarfile
        with tarfile.open(archive, "w") as tar:
            info = tarfile.TarInfo("r/Report.wer")
            info.size = len(wer)
            tar.addfile(info, io.BytesIO(wer))
            tar.add(env_dump, arcname="r/minidump.mdmp")
        imported = subprocess.run([ctl, "import", archive], env=env, capture_output=True, text=True)
        check(f"imported ({imported.stderr.strip()})", imported.returncode == 0)
        key = imported.stdout.strip()
        settings("safe-data")
        sent = subprocess.run([ctl, "submit", key, "--url", url], env=env, capture_output=True, text=True)
        check(f"submit exits 0 ({sent.stderr.strip()})", sent.returncode == 0)
        path, wer_values = read_report(key)
        fields, dump, _ = received(wer_values.get("Response.ReportId", "none"))
        sanitized_path = os.path.join(path, "Upload.sanitized-minidump.mdmp")
        check("the sanitized copy was sent", dump is not None and os.path.exists(sanitized_path)
              and dump == open(sanitized_path, "rb").read())
        check("it has no environment stream", dump is not None and 0x47670007 not in streams(dump))
        check("the original stays whole", open(os.path.join(path, "minidump.mdmp"), "rb").read() == data)
        check("the parameters were sent", fields.get("Signal") == "SIGSEGV" and fields.get("ProductName") == "sleep")

    # 3. written and sent under safe-data: no environment; its sanitized copy goes.
    key = crash()
    if key:
        sent = subprocess.run([ctl, "submit", "--all", "--url", url], env=env, capture_output=True, text=True)
        path, wer = read_report(key)
        stored = open(os.path.join(path, wer["File[0].Name"]), "rb").read()
        copy = os.path.join(path, "Upload.sanitized-" + wer["File[0].Name"])
        fields, dump, _ = received(wer.get("Response.ReportId", "none"))
        check("a safe-data dump has no environment stream", 0x47670007 not in streams(stored))
        check("its sanitized copy is sent byte-identical", os.path.exists(copy) and dump == open(copy, "rb").read())

    # 4. As a fresh install: no server and no consent set (only flood control off,
    #    so the same crash makes a new report each time). The program's server is used.
    with open(env["PM_SETTINGS_FILE"], "w") as f:
        f.write("[Quota]\nFloodWindowSeconds=0\n")
    key = crash({"PM_TEST_CRASH_SERVER": url})
    if key:
        _, wer = read_report(key, "queue")
        check("Report.wer records the registered server", wer.get("Postmortem.CrashServer") == url)
        sent = subprocess.run([ctl, "submit", key, "--approve"], env=env, capture_output=True, text=True)
        check(f"submit KEY --approve without --url exits 0 ({sent.stderr.strip()})", sent.returncode == 0)
        if sent.returncode == 0:
            path, wer = read_report(key)
            fields, dump, _ = received(wer.get("Response.ReportId", "none"))
            check("the program's server received the report", dump is not None and fields.get("Signal") == "SIGSEGV")
    check("sending wrote no server into the settings", "[Server]" not in open(env["PM_SETTINGS_FILE"]).read())

    # 5. No registration, but the desktop file names the server.
    apps = os.path.join(env["XDG_DATA_HOME"], "applications")
    os.makedirs(apps, exist_ok=True)
    desktop = os.path.join(apps, "io.example.CrashChild.desktop")
    with open(desktop, "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Crash Child\n"
                f"Exec={child} null\nX-Postmortem-CrashServer={url}\n")
    key = crash()
    if key:
        _, wer = read_report(key, "queue")
        check("no registered server in this report", "Postmortem.CrashServer" not in wer)
        sent = subprocess.run([ctl, "submit", key, "--approve"], env=env, capture_output=True, text=True)
        check(f"sent to the desktop file's server ({sent.stderr.strip()})", sent.returncode == 0)
        if sent.returncode == 0:
            path, wer = read_report(key)
            fields, dump, _ = received(wer.get("Response.ReportId", "none"))
            check("that server received it", dump is not None)

    # 6. Neither: nothing sent, the reason said, the report still queued.
    os.remove(desktop)
    key = crash()
    if key:
        sent = subprocess.run([ctl, "submit", key, "--approve"], env=env, capture_output=True, text=True)
        check(f"no server: exit 1 with the reason ({sent.stderr.strip()})",
              sent.returncode == 1 and "no crash server is configured" in sent.stderr
              and "names no crash server" in sent.stderr)
        check("the report stays queued", os.path.isdir(os.path.join(env["PM_STORE_DIR"], "queue", key)))
finally:
    receiver.terminate()
    receiver.wait()
    shutil.rmtree(root, ignore_errors=True)

sys.exit(1 if failures else 0)
