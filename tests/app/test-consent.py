#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""test-consent.py — the whole application over accessibility (the consent flow as a user meets it).

A real program (test-consent-crasher) crashes under `postmortemctl run --launch-app`;
the crash handler and the dumper write a report and start `postmortem --report KEY`;
through AT-SPI (dogtail) the test checks that the dialog appears and that its
details list the right items, presses Send, and checks that the loopback receiver
(postmortem-test-receiver) got the report, that the report moved to the archive
and that the id shown is the server's; a part switched off in the dialog is not
received and "What Was Sent" (Upload.manifest.json) is exactly what the receiver
got. A second crash: Don't Send with "Always do this" records "never" (not an
exclusion), so a third crash is still collected, kept, and asks nothing. A
program in the home directory, redaction switched off in its dialog: the home
directory is received unreplaced.
Then the preferences window changes a consent level, and `postmortemctl consent`
sees it. Screenshots of each screen go to <build>/tests/app/consent-*.png.

Usage (meson does this, under xvfb-run + dbus-run-session):
  test-consent.py BUILD_DIR CRASHER [SANITIZER_RUNTIMES]
SANITIZER_RUNTIMES (colon separated, in a sanitizer build) are preloaded into the
crashing program ahead of the instrumented crash handler.
Runs in: a test process; everything it checks runs in other processes.
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1])
CRASHER = os.path.abspath(sys.argv[2])
SANITIZER_PRELOAD = sys.argv[3] if len(sys.argv) > 3 else ""
SHOTS = os.path.join(BUILD, "tests", "app")
APP_NAME = os.path.basename(CRASHER)
started = []


@atexit.register
def end_children():
    for p in started:
        if p.poll() is None:
            p.kill()
            p.wait()
    # The application was started by the dumper, detached: end it by its own pid.
    if "app" in globals():
        try:
            os.kill(app.get_process_id(), 15)
        except Exception:  # noqa: BLE001
            pass
    if "tmp" in globals():
        shutil.rmtree(tmp, ignore_errors=True)


def log(message):
    print("# " + message, flush=True)


def skip(reason):
    print("1..0 # SKIP " + reason, flush=True)
    sys.exit(77)


tree_to_show = []


def dump_tree(node, depth=0):
    try:
        log("  " * depth + f"[{node.roleName}] {node.name!r} showing={node.showing}")
        for child in node.children:
            if depth < 25:
                dump_tree(child, depth + 1)
    except Exception as e:  # noqa: BLE001
        log("  " * depth + f"(cannot read: {e})")


def fail(message):
    log("FAILED: " + message)
    for node in tree_to_show:
        dump_tree(node)
    screenshot("consent-failure")
    raise SystemExit(1)


def check(ok, message):
    if not ok:
        fail(message)
    log("ok: " + message)


def screenshot(name):
    path = os.path.join(SHOTS, name + ".png")
    subprocess.run(["import", "-window", "root", path], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log("screenshot " + path)


def wait_for(what, predicate, seconds=20.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            value = predicate()
        except GLib.GError as error:
            # Walking the accessible tree while the application rebuilds it (the
            # manifest's rows after each typed character) can meet a widget that is
            # already gone; the tree is read again on the next turn. Were the
            # application itself gone, the wait runs out and fails.
            log(f"(the tree changed while {what} was checked: {error.message})")
            value = None
        if value:
            return value
        time.sleep(0.2)
    fail("timed out waiting for " + what)


# ---- an isolated environment ---------------------------------------------------

if not os.environ.get("DISPLAY"):
    skip("no X display (run under xvfb-run)")
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    skip("no session bus (run under dbus-run-session)")

tmp = tempfile.mkdtemp(prefix="pm-consent-test-")
env = dict(os.environ)
for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache")):
    os.makedirs(os.path.join(tmp, sub))
    env[var] = os.path.join(tmp, sub)
env["PM_STORE_DIR"] = os.path.join(tmp, "store")
env["PM_SETTINGS_FILE"] = os.path.join(tmp, "config", "postmortem", "settings.ini")
env["PM_DUMPER_PATH"] = os.path.join(BUILD, "core", "dumper", "postmortem-dumper")
env["PM_PRELOAD_PATH"] = os.path.join(BUILD, "core", "client", "libpostmortem-preload.so")
env["PATH"] = os.path.join(BUILD, "app") + os.pathsep + env.get("PATH", "/usr/bin:/bin")
env["GSETTINGS_SCHEMA_DIR"] = os.path.join(BUILD, "data")
env["GSETTINGS_BACKEND"] = "memory"
# The application reads no file of the store or the settings on its GTK thread:
# any such read ends it, naming the file (pm-store-io-check.h).
env["PM_TEST_IO_CHECK"] = "abort"
env["GDK_BACKEND"] = "x11"
env["GSK_RENDERER"] = "cairo"
env["GTK_A11Y"] = "atspi"
env["NO_AT_BRIDGE"] = "0"
env.pop("GTK_MODULES", None)
os.environ.update(env)   # dogtail and our children see the same

CTL = os.path.join(BUILD, "app", "postmortemctl")


def ctl(*args):
    r = subprocess.run([CTL] + list(args), env=env, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"postmortemctl {' '.join(args)} failed: {r.stderr}")
    return r.stdout


def keys(state):
    out = ctl("list", "--" + state)
    return [line.split()[-1] for line in out.splitlines()
            if line.strip() and line.split()[-1].startswith("APPCRASH_")]


def crash_env():
    e = dict(env)
    if SANITIZER_PRELOAD:
        e["LD_PRELOAD"] = SANITIZER_PRELOAD
        # The sanitizer must leave the crash to Postmortem's handler.
        e["ASAN_OPTIONS"] = ":".join(filter(None, [e.get("ASAN_OPTIONS"),
                                                   "handle_segv=0:handle_abort=0:abort_on_error=0"]))
    return e


def crash():
    r = subprocess.run([CTL, "run", "--launch-app", "--", CRASHER], env=crash_env(),
                       capture_output=True, text=True)
    check(r.returncode != 0, f"{APP_NAME} crashed under postmortemctl run (status {r.returncode})")


# A notification server on the test's session bus, before the application starts.
notify_log = os.path.join(tmp, "notifications.jsonl")
notifyd = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                          "test-consent-notifyd.py"), notify_log],
                           stdout=subprocess.PIPE, text=True, env=env)
started.append(notifyd)
if notifyd.stdout.readline().strip() != "ready":
    skip("cannot own org.freedesktop.Notifications on this bus")


def notifications():
    """The notifications about notify-crasher (the crashes of steps 1–2 race
    their own --report dialog, which withdraws or prevents theirs)."""
    if not os.path.exists(notify_log):
        return []
    import json
    with open(notify_log, encoding="utf-8") as f:
        return [n for n in (json.loads(line) for line in f if line.strip())
                if n["summary"].startswith(("notify-crasher", "auto-crasher", "3 Applications"))]


def invoke(label):
    with open(notify_log + ".invoke.tmp", "w", encoding="utf-8") as f:
        f.write(label)
    os.rename(notify_log + ".invoke.tmp", notify_log + ".invoke")


receiver = subprocess.Popen([os.path.join(BUILD, "tests", "upload", "postmortem-test-receiver"),
                             "--dir", os.path.join(tmp, "received")],
                            stdout=subprocess.PIPE, text=True, env=env)
started.append(receiver)
url = receiver.stdout.readline().strip().split("Listening on ", 1)[1]
ctl("consent", "--default", "ask")
with open(env["PM_SETTINGS_FILE"], "a", encoding="utf-8") as f:
    pass
# The server, through the same key file the application reads.
import configparser  # noqa: E402
cfg = configparser.ConfigParser(interpolation=None)
cfg.optionxform = str
cfg.read(env["PM_SETTINGS_FILE"])
if not cfg.has_section("Server"):
    cfg.add_section("Server")
cfg["Server"]["Kind"] = "breakpad"
cfg["Server"]["Url"] = url
cfg["Server"]["Gzip"] = "false"
with open(env["PM_SETTINGS_FILE"], "w", encoding="utf-8") as f:
    cfg.write(f, space_around_delimiters=False)

# dogtail refuses to run unless it believes accessibility is on; GTK 4 talks to
# AT-SPI by itself, so only this process gets the variable it looks for.
os.environ["GTK_MODULES"] = "gail:atk-bridge"
try:
    from dogtail import config as dogtail_config
    from dogtail import rawinput
    from dogtail.predicate import GenericPredicate
    from dogtail.tree import root
    from gi.repository import GLib
except Exception as e:  # noqa: BLE001
    skip(f"dogtail is not usable here: {e}")

dogtail_config.searchCutoffCount = 10
dogtail_config.defaultDelay = 0.3
dogtail_config.logDebugToFile = False


def application():
    def find():
        try:
            for a in root.applications():
                if a.name == "postmortem":
                    return a
        except Exception:  # noqa: BLE001
            return None
        return None
    return wait_for("the postmortem application on the accessibility bus", find, 30)


def find_node(parent, what, **kwargs):
    def find():
        try:
            return parent.findChild(GenericPredicate(**kwargs), retry=False, requireResult=False)
        except Exception:  # noqa: BLE001
            return None
    return wait_for(what, find)


def find_button(parent, mnemonic):
    """A button by its label. GTK 4.8 names a button with a mnemonic label
    "<mnemonic> <label>" ("_Send Send"); response buttons exist twice (the
    horizontal and the vertical layout), either one answers."""
    plain = mnemonic.replace("_", "")
    names = {plain, mnemonic, f"{mnemonic} {plain}"}

    def find():
        try:
            return parent.findChildren(lambda n: n.roleName in ("push button", "button")
                                       and n.name in names, recursive=True) or None
        except Exception:  # noqa: BLE001
            return None
    return wait_for(f"the button {plain}", find)[0]


def press(node):
    """Activates through AT-SPI's Action interface; clicks where there is none."""
    try:
        for action in ("click", "press", "activate", "toggle"):
            if action in node.actions:
                node.doActionNamed(action)
                return
    except Exception as e:  # noqa: BLE001
        log(f"no AT-SPI action on {node.name!r} ({e}); clicking")
    node.click()


def dialog_named(app, title):
    return find_node(app, f"the dialog “{title}”", name=title, roleName="dialog")


def labels(node):
    return [n.name for n in node.findChildren(GenericPredicate(roleName="label"))]


# ---- 1. crash -> dialog -> details -> Send -> archived with the server's id -----

crash()
first = wait_for("the first report", lambda: keys("queue"))[0]
log("report " + first)
app = application()
dialog = dialog_named(app, f"{APP_NAME} Quit Unexpectedly")
tree_to_show[:] = [dialog]
screenshot("consent-dialog")

press(find_node(dialog, "the Details expander", name="Details"))
wait_for("the manifest's rows", lambda: "What to Send" in labels(dialog))
shown = labels(dialog)
check("Form Fields" in shown, "details list the form fields")
check("Hide Personal Details" in shown, "details offer to hide personal details")
# A file's row says "SIZE · FILE NAME" under what it holds.
dumps = [name.split(" · ")[-1] for name in shown if name.endswith((".dmp", ".mdmp"))]
check(len(dumps) >= 1, "details name the minidump file " + repr(dumps))
check(url in shown, "details name the destination " + url)
screenshot("consent-details")

# Remove the crash dump: its switch is named after the file it sends (GTK adds
# the row's title, what the file holds, to the name).


def find_named_prefix(parent, what, prefix):
    def find():
        try:
            return parent.findChild(lambda n: (n.name or "").startswith(prefix), retry=False,
                                    requireResult=False)
        except Exception:  # noqa: BLE001
            return None
    return wait_for(what, find)


press(find_named_prefix(dialog, "the minidump's switch", f"Send {dumps[0]}"))
time.sleep(0.3)
screenshot("consent-dump-removed")

press(find_button(dialog, "_Send"))
sent = dialog_named(app, "Report Sent")
archived = wait_for("the report in the archive", lambda: first in keys("archive") and first)
show = ctl("show", first)
server_id = [line.split("=", 1)[1] for line in (l.strip() for l in show.splitlines())
             if line.startswith("Response.ReportId=")]
check(len(server_id) == 1 and server_id[0].startswith("bp-"), "Report.wer holds the server's id")
check(server_id[0] in labels(sent), "the dialog shows the server's id " + server_id[0])
received = os.listdir(os.path.join(tmp, "received"))
check(server_id[0] in received, "the receiver stored the report under that id")


def received_fields(crash_id):
    with open(os.path.join(tmp, "received", crash_id, "fields.txt"), encoding="utf-8") as f:
        return f.read()


def sent_manifest(key):
    """The manifest the uploader recorded in the report (Upload.manifest.json)."""
    import json
    path = os.path.join(env["PM_STORE_DIR"], "archive", key, "Upload.manifest.json")
    check(os.path.exists(path), "the report records what was sent: " + path)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def as_received(manifest):
    """fields.txt as the receiver writes it for exactly the manifest's parts."""
    out = []
    for part in manifest["parts"]:
        if part["kind"] == "file":
            out.append(f"#file {part['name']} filename={part['file_name']} size={part['size']}\n")
        else:
            value = part["value"].replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            out.append(f"{part['name']}={value}\n")
    return "".join(out)


got = received_fields(server_id[0])
manifest = sent_manifest(first)
check(got == as_received(manifest), "the receiver got exactly the manifest that was sent, part for part")
check("#file" not in got, "the minidump switched off in the dialog was not received")
check(not [p for p in manifest["parts"] if p["kind"] == "file"], "and What Was Sent lists no file")
press(find_node(sent, "the What Was Sent expander", name="What Was Sent"))
n_fields = len([p for p in manifest["parts"] if p["kind"] == "field"])
wait_for("What Was Sent's rows", lambda: any(n.startswith(f"{n_fields} fields sent") for n in labels(sent)))
log("What Was Sent shows the same fields as the receiver got")
screenshot("consent-sent")
press(find_button(sent, "_Close"))
wait_for("the dialog to close", lambda: not app.findChildren(GenericPredicate(roleName="dialog")), 10)

# ---- 2. Don't Send + Always -> never sent, still collected -------------------------

crash()
second = wait_for("the second report", lambda: [k for k in keys("queue") if k != first])[0]
dialog = dialog_named(app, f"{APP_NAME} Quit Unexpectedly")
press(find_node(dialog, "the Always check box", name=f"Always do this for {APP_NAME}",
                roleName="check box"))
find_node(dialog, "what Always promises", roleName="label",
          name=f"Send: later reports of {APP_NAME} are sent like this one, without asking. "
               "Don't Send: they are kept on this computer and never sent. "
               "Either can be changed in Preferences.")
screenshot("consent-always")
press(find_button(dialog, "_Don't Send"))
wait_for("the second report in the archive", lambda: second in keys("archive"))
check(second not in [d for d in os.listdir(os.path.join(tmp, "received"))], "the declined report was not sent")
check(ctl("consent", APP_NAME).startswith(f"{APP_NAME}: never"),
      "Don't Send + Always records “never”: " + ctl("consent", APP_NAME).strip())
check(APP_NAME not in ctl("exclude").split(), "and does not exclude the application")

before = set(keys("all"))
received_then = set(os.listdir(os.path.join(tmp, "received")))
crash()
third = wait_for("the next crash's report (still collected)", lambda: set(keys("queue")) - before)
check(len(third) == 1, "the next crash of a “never” application is collected and kept: " + repr(third))
# The dumper starts no question for it; `postmortem --report KEY` (as a desktop
# would) shows the report and says why nothing is asked.
subprocess.run(["postmortem", "--report", list(third)[0]], env=env, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
screenshot("consent-never-kept")
main = find_node(app, "the main window", roleName="frame", name="Postmortem")
tree_to_show[:] = [main]
# The window shows the report, and its page says why nothing can be sent (the
# toast that says so too goes away by itself: not something to wait for).
find_node(main, "the report page saying nothing can be sent", name="Nothing Can Be Sent")
check(not app.findChildren(GenericPredicate(roleName="dialog")), "and no dialog asks about it")
check(list(third)[0] in keys("queue"), "the report stays on this computer, queued")
check(set(os.listdir(os.path.join(tmp, "received"))) == received_then, "and nothing more was received")

# ---- 2b. Redaction switched off for one report sends the home directory ------------

# Another program (the first one is "never" now); the person's comment names a
# file in the home directory, and the comment is a form field like the others.
os.makedirs(os.path.join(env["HOME"], "bin"))
home_crasher = os.path.join(env["HOME"], "bin", "redact-crasher")
shutil.copy(CRASHER, home_crasher)
before = set(keys("all"))
r = subprocess.run([CTL, "run", "--launch-app", "--", home_crasher], env=crash_env(),
                   capture_output=True, text=True)
check(r.returncode != 0, "redact-crasher crashed")
redact_key = wait_for("redact-crasher's report", lambda: set(keys("queue")) - before)
redact_key = list(redact_key)[0]
dialog = dialog_named(app, "redact-crasher Quit Unexpectedly")
tree_to_show[:] = [dialog]
press(find_node(dialog, "the Details expander", name="Details"))
home_file = os.path.join(env["HOME"], "Documents", "letter.odt")
comment = find_node(dialog, "the comment entry", name="What were you doing? (optional)")
comment.click()          # focus (GTK 4.8 has no AT-SPI grabFocus for it)
time.sleep(0.3)
rawinput.typeText("Saving " + home_file)
wait_for("the replacements redaction made",
         lambda: any(n.endswith(("1 replacement", " replacements")) for n in labels(dialog)))
log("the dialog lists the home directory's replacement")
press(find_node(dialog, "the Hide Personal Details switch", name="Hide Personal Details",
                roleName="check box"))
wait_for("redaction off", lambda: any(n.startswith("Off: your user name") for n in labels(dialog)))
screenshot("consent-redaction-off")
press(find_button(dialog, "_Send"))
sent = dialog_named(app, "Report Sent")
wait_for("the redacted report in the archive", lambda: redact_key in keys("archive"))
redact_id = [l.split("=", 1)[1] for l in (x.strip() for x in ctl("show", redact_key).splitlines())
             if l.startswith("Response.ReportId=")][0]
got = received_fields(redact_id)
manifest = sent_manifest(redact_key)
check(got == as_received(manifest), "the receiver got exactly What Was Sent")
check(manifest["redact"] is False, "the manifest sent says redaction was off")
check(f"Comments=Saving {home_file}\n" in got, "with redaction off the home directory was sent unreplaced")
press(find_button(sent, "_Close"))
wait_for("the dialog to close", lambda: not app.findChildren(GenericPredicate(roleName="dialog")), 10)

# ---- 3. Preferences -> postmortemctl sees the change -----------------------------

main = find_node(app, "the main window", roleName="frame", name="Postmortem")
rawinput.keyCombo("<Control>comma")
prefs = find_node(app, "the preferences window", name="Preferences")
entry = find_node(prefs, "the per-application entry", name="Add Application")
entry.click()          # focus (GTK 4.8 has no AT-SPI grabFocus for it)
time.sleep(0.3)
rawinput.typeText("viewer")
rawinput.pressKey("Return")
wait_for("postmortemctl consent to show viewer", lambda: "viewer: " in ctl("consent"))
find_node(prefs, "the “never” application's summary", roleName="label",
          name="Never sent; reports are kept on this computer")
screenshot("consent-preferences")
log("postmortemctl consent:\n" + ctl("consent"))
rawinput.pressKey("Escape")
time.sleep(0.5)

# ---- 4. Notifications while the application runs --------------------------------

os.makedirs(os.path.join(tmp, "bin"))
other = os.path.join(tmp, "bin", "notify-crasher")
shutil.copy(CRASHER, other)


def crash_quietly(program):
    return subprocess.Popen([CTL, "run", "--", program], env=crash_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


crash_quietly(other).wait()
n1 = wait_for("a notification", lambda: notifications())[0]
check(n1["summary"] == "notify-crasher Quit Unexpectedly", "the notification names the application: " + n1["summary"])
check({"Review", "Ignore This Problem"} <= set(n1["buttons"]), "it offers Review and Ignore This Problem")

# A flood: the same crash four more times at once is one report (counted), and no
# further notification.
flood = [crash_quietly(other) for _ in range(4)]
for p in flood:
    p.wait()
time.sleep(3)
check(len(notifications()) == 1, "a flood of the same crash gives one notification")
queued = [k for k in keys("queue") if "notify-crasher" in k]
check(len(queued) == 1, "and one report")

# Review: the notification's target is the crash dialog.
invoke("Review")
dialog = dialog_named(app, "notify-crasher Quit Unexpectedly")
time.sleep(0.5)
screenshot("consent-notification-target")
press(find_button(dialog, "_Don't Send"))
wait_for("the reviewed report to be declined", lambda: queued[0] in keys("archive"))

# Ignore This Problem: a later report of the same bucket does not notify.
crash_quietly(other).wait()
wait_for("a second notification", lambda: len(notifications()) == 2)
invoke("Ignore This Problem")
bucket = queued[0].split("_")[-2]
wait_for("the ignored bucket in the settings file",
         lambda: bucket in open(env["PM_SETTINGS_FILE"], encoding="utf-8").read())
for k in keys("queue"):
    if "notify-crasher" in k:
        ctl("purge", k)
crash_quietly(other).wait()
wait_for("the report after ignoring", lambda: [k for k in keys("queue") if "notify-crasher" in k])
time.sleep(3)
check(len(notifications()) == 2, "an ignored problem does not notify again")

# Three different applications crashing together: one notification for all.
crashers = []
for name in ("flood-a", "flood-b", "flood-c"):
    path = os.path.join(tmp, "bin", name)
    shutil.copy(CRASHER, path)
    crashers.append(path)
together = [crash_quietly(path) for path in crashers]
for p in together:
    p.wait()
wait_for("the notification of three applications", lambda: len(notifications()) == 3)
time.sleep(3)
check(len(notifications()) == 3, "three applications crashing together give one notification")
check(notifications()[2]["summary"] == "3 Applications Quit Unexpectedly", notifications()[2]["summary"])
check("Review" in notifications()[2]["buttons"], "with Review (the list of reports)")

# ---- 5. Automatic sending: consent "all data" and AutoSend=true -----------------

auto = os.path.join(tmp, "bin", "auto-crasher")
shutil.copy(CRASHER, auto)
ctl("consent", "auto-crasher", "all-data")
cfg = configparser.ConfigParser(interpolation=None, strict=False)
cfg.optionxform = str
cfg.read(env["PM_SETTINGS_FILE"])
cfg["Server"]["AutoSend"] = "true"
with open(env["PM_SETTINGS_FILE"] + ".new", "w", encoding="utf-8") as f:
    cfg.write(f, space_around_delimiters=False)
os.rename(env["PM_SETTINGS_FILE"] + ".new", env["PM_SETTINGS_FILE"])
received_before = len(os.listdir(os.path.join(tmp, "received")))
crash_quietly(auto).wait()
auto_key = wait_for("the automatically sent report in the archive",
                    lambda: [k for k in keys("archive") if "auto-crasher" in k], 30)[0]
check(len(os.listdir(os.path.join(tmp, "received"))) == received_before + 1,
      "the receiver got the report without anyone being asked")
check(not [n for n in notifications() if n["summary"].startswith("auto-crasher")],
      "and nobody was notified")
check(not app.findChildren(GenericPredicate(roleName="dialog")), "and no dialog opened")

# ---- 6. Send… reopens the dialog of a pending report; About; Shortcuts ----------


def activate(action, *params, path="/io/github/postmortem/Postmortem"):
    """Activates an action of the running application over D-Bus, as the
    desktop (a notification, `postmortem --report`) does."""
    args = "[" + ",".join(f"<'{p}'>" for p in params) + "]"
    subprocess.run(["gdbus", "call", "--session", "--dest", "io.github.postmortem.Postmortem",
                    "--object-path", path, "--method", "org.gtk.Actions.Activate",
                    action, args, "{}"], check=True, env=env, capture_output=True)


pending = [k for k in keys("queue") if "notify-crasher" in k][0]
activate("review-report", pending)
dialog = dialog_named(app, "notify-crasher Quit Unexpectedly")
rawinput.pressKey("Escape")
wait_for("the dialog to close", lambda: not app.findChildren(GenericPredicate(roleName="dialog")), 10)
check(pending in keys("queue"), "closing the dialog without an answer keeps the report queued")
rawinput.keyCombo("<Control>Return")
dialog = dialog_named(app, "notify-crasher Quit Unexpectedly")
log("Send… (Ctrl+Return) reopened the dialog of the pending report")
press(find_button(dialog, "_Don't Send"))
wait_for("the report to be declined", lambda: pending in keys("archive"))

activate("about")
find_node(app, "the About window (its Report an Issue row)", name="Report an Issue")
time.sleep(0.5)
screenshot("consent-about")
rawinput.pressKey("Escape")
# The main window is the application's first window: its actions are at /window/1.
activate("show-help-overlay", path="/io/github/postmortem/Postmortem/window/1")
find_node(app, "the keyboard shortcuts window (a shortcut's title)", name="Open a minidump")
time.sleep(0.5)
screenshot("consent-shortcuts")
rawinput.pressKey("Escape")

end_children()
print("1..1\nok 1 consent dialog, send, don't send + always, preferences")
