#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""test-restart-notify.py — Reopen in the new-report notification, end to end.

The real application runs (its window under Xvfb) with a stand-in notification
server (test-consent-notifyd.py) on the test's session bus and the run-time hook
PM_TEST_RUN_TIME_OFFSET_S=60. pm-restart-child registers a restart
(`--started MARK`) and crashes under the real dumper; the application is told
about the report as the crash listener tells it (app.notify-report). Its
notification offers "Reopen"; invoking that button starts the program again,
which writes MARK. A second crash of the same program within the minute is
notified without "Reopen".

Usage (meson does this, under xvfb-run + dbus-run-session):
  test-restart-notify.py BUILD_DIR RESTART_CHILD
Runs in: a test process; everything it checks runs in other processes.
"""
import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1])
CHILD = os.path.abspath(sys.argv[2])
started = []


@atexit.register
def end_children():
    for p in started:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    if "tmp" in globals():
        shutil.rmtree(tmp, ignore_errors=True)


def log(message):
    print("# " + message, flush=True)


def skip(reason):
    print(f"1..0 # SKIP {reason}", flush=True)
    sys.exit(77)


def fail(message):
    print(f"not ok 1 {message}", flush=True)
    sys.exit(1)


def check(ok, message):
    if not ok:
        fail(message)
    log("ok: " + message)


def wait_for(what, predicate, seconds=30.0):
    """Waits for an effect (a file, a notification), polling, bounded."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    fail("timed out waiting for " + what)


if not os.environ.get("DISPLAY"):
    skip("no X display (run under xvfb-run)")
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    skip("no session bus (run under dbus-run-session)")

tmp = tempfile.mkdtemp(prefix="pm-restart-notify-")
env = dict(os.environ)
for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
    os.makedirs(os.path.join(tmp, sub))
    env[var] = os.path.join(tmp, sub)
store = os.path.join(tmp, "store")
env["PM_STORE_DIR"] = store
env["PM_SETTINGS_FILE"] = os.path.join(tmp, "config", "postmortem", "settings.ini")
env["PM_DUMPER_PATH"] = os.path.join(BUILD, "core", "dumper", "postmortem-dumper")
env["PM_TEST_TIMEOUT_MS"] = "30000"
env["PM_TEST_RUN_TIME_OFFSET_S"] = "60"
env["GSETTINGS_SCHEMA_DIR"] = os.path.join(BUILD, "data")
env["GSETTINGS_BACKEND"] = "memory"
env["GDK_BACKEND"] = "x11"
env["GSK_RENDERER"] = "cairo"
env["GTK_A11Y"] = "none"
env.pop("GTK_MODULES", None)
env.pop("LD_PRELOAD", None)
# Every crash is its own report (the second is not counted on the first).
os.makedirs(os.path.dirname(env["PM_SETTINGS_FILE"]))
with open(env["PM_SETTINGS_FILE"], "w", encoding="utf-8") as f:
    f.write("[Quota]\nFloodWindowSeconds=0\n")

notify_log = os.path.join(tmp, "notifications.jsonl")
notifyd = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                          "test-consent-notifyd.py"), notify_log],
                           stdout=subprocess.PIPE, text=True, env=env)
started.append(notifyd)
if notifyd.stdout.readline().strip() != "ready":
    skip("cannot own org.freedesktop.Notifications on this bus")


def notifications():
    if not os.path.exists(notify_log):
        return []
    with open(notify_log, encoding="utf-8") as f:
        return [n for n in (json.loads(line) for line in f if line.strip())
                if n["summary"].startswith("pm-restart-child")]


def invoke(label):
    with open(notify_log + ".invoke.tmp", "w", encoding="utf-8") as f:
        f.write(label)
    os.rename(notify_log + ".invoke.tmp", notify_log + ".invoke")


def queued():
    queue = os.path.join(store, "queue")
    return set(os.listdir(queue)) if os.path.isdir(queue) else set()


def crash(mark):
    """Crashes the restart child once; returns its report's key."""
    before = queued()
    e = dict(env)
    # Under AddressSanitizer the crash is the handler's, not the sanitizer's.
    e["ASAN_OPTIONS"] = ":".join(filter(None, [e.get("ASAN_OPTIONS"),
                                               "handle_segv=0:use_sigaltstack=0:detect_leaks=0:abort_on_error=0"]))
    r = subprocess.run([CHILD, "restart", "0", mark], env=e, capture_output=True, text=True)
    check(r.returncode == -signal.SIGSEGV, f"pm-restart-child died of SIGSEGV (status {r.returncode})")
    new = queued() - before
    check(len(new) == 1, "its crash made one report")
    return new.pop()


def notify_report(key):
    """What the crash listener does for a new report: app.notify-report over D-Bus."""
    subprocess.run(["gdbus", "call", "--session", "--dest", "io.github.postmortem.Postmortem",
                    "--object-path", "/io/github/postmortem/Postmortem", "--method",
                    "org.gtk.Actions.Activate", "notify-report", f"[<'{key}'>]", "{}"],
                   check=True, env=env, capture_output=True)


app = subprocess.Popen([os.path.join(BUILD, "app", "postmortem")], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
started.append(app)
r = subprocess.run(["gdbus", "wait", "--session", "--timeout", "60", "io.github.postmortem.Postmortem"],
                   env=env, capture_output=True, text=True)
check(r.returncode == 0, "the application is on the session bus")

mark = os.path.join(tmp, "started mark")
first = crash(mark)
notify_report(first)
n1 = wait_for("the notification of the first crash", lambda: notifications())[0]
log(f"notification: {n1['summary']} {sorted(n1['buttons'])}")
check(n1["summary"] == "pm-restart-child Quit Unexpectedly", "the notification names the program")
check("Reopen" in n1["buttons"], "it offers Reopen (a restart was registered, the hook says it ran a minute)")
check(not os.path.exists(mark), "nothing was started before Reopen")
invoke("Reopen")
wait_for("the reopened program to write its mark", lambda: os.path.exists(mark))
check(open(mark, encoding="utf-8").read() == "started\n", "Reopen started the program with its arguments")

second = crash(os.path.join(tmp, "second mark"))
notify_report(second)
n2 = wait_for("the notification of the second crash", lambda: len(notifications()) >= 2 and notifications()[1])
log(f"notification: {n2['summary']} {sorted(n2['buttons'])}")
check("Reopen" not in n2["buttons"], "a second crash within the minute is not offered Reopen")
check("Review" in n2["buttons"], "but is notified as usual")

end_children()
print("1..1\nok 1 Reopen in the notification, once a minute", flush=True)
