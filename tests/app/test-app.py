#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-app.py — the whole application, driven over accessibility (dogtail) as a
# person would use it: `postmortem --report KEY` from a cold start, open the demo
# store, select a report, switch through the dump's pages, delete and undo, the
# window at 360 px (one click opens a report, Back keeps the selection), the
# history of crashes, open a corpus minidump from the command line.
#
# Runs in: `meson test --suite app` under Xvfb + a D-Bus session
# (tests/run-tests.sh). The demo store is made for real by
# data/demo/make-demo-store.sh (real crashes, the real dumper and store).
# Screenshots: <build>/tests/screens/app-*.png (import -window root).
# Exit 77 (skipped) without a display, dogtail, or AT-SPI; xdotool resizes the window.
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

build = os.environ.get('PM_BUILD_DIR')
source = os.environ.get('PM_SOURCE_DIR')
corpus = os.environ.get('PM_CORPUS_DIR')
if not build or not source:
    print('PM_BUILD_DIR and PM_SOURCE_DIR must be set (run through meson test)')
    sys.exit(1)
if not os.environ.get('DISPLAY'):
    print('SKIP: no X display (run under xvfb-run, see tests/run-tests.sh)')
    sys.exit(77)
if not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    print('SKIP: no D-Bus session bus (run under dbus-run-session, see tests/run-tests.sh)')
    sys.exit(77)

# An isolated home: nothing of the user's is read or written.
top = tempfile.mkdtemp(prefix='pm-app-test-')
for var in ('HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME'):
    path = os.path.join(top, var.lower())
    os.makedirs(path)
    os.environ[var] = path
store = os.path.join(top, 'store')
os.environ['PM_STORE_DIR'] = store
os.environ['PM_SETTINGS_FILE'] = os.path.join(top, 'settings.ini')
os.environ['GTK_MODULES'] = 'gail:atk-bridge'
os.environ['LC_ALL'] = 'C.UTF-8'  # the test reads the English words on screen
os.environ['NO_AT_BRIDGE'] = '0'
os.environ.pop('GTK_A11Y', None)
os.environ.setdefault('GDK_BACKEND', 'x11')
os.environ['PM_DUMPER_PATH'] = os.path.join(build, 'core', 'dumper', 'postmortem-dumper')
# The application reads no file of the store or the settings on its GTK thread: any
# such read ends it, naming the file (pm-store-io-check.h).
os.environ['PM_TEST_IO_CHECK'] = 'abort'

try:
    from dogtail import tree, config  # noqa: E402
    import pyatspi  # noqa: E402
except ImportError:
    print('SKIP: dogtail is not installed (python3-dogtail)')
    sys.exit(77)
# GTK 4.8 does not set the "showing" state on every widget: filter by size instead.
config.config.searchShowingOnly = False
config.config.defaultDelay = 0.2

screens = os.path.join(build, 'tests', 'screens')
os.makedirs(screens, exist_ok=True)


def screenshot(name):
    path = os.path.join(screens, 'app-' + name + '.png')
    subprocess.run(['import', '-window', 'root', path], check=True)
    print('screenshot:', path)


def wait_for(what, find, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            found = find()
            if found:
                return found
        except Exception:  # the tree changes under us; try again
            pass
        time.sleep(0.3)
    raise AssertionError('timed out waiting for ' + what)


def gone(what, find, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if not find():
                return
        except Exception:
            pass
        time.sleep(0.3)
    raise AssertionError('still there: ' + what)


def on_screen(node):
    # Pages of a stack that are not shown have no size.
    width, height = node.size
    return width > 0 and height > 0


def first(node, role, name_part):
    # role None: any role. GTK 4.8 keeps mnemonics in some names ("_Undo"), so match a part.
    found = node.findChild(lambda n: (role is None or n.roleName == role) and name_part in n.name and on_screen(n),
                           retry=False, requireResult=False)
    return found


def press(node, role, name):
    # Buttons and tabs are pressed through their accessible action, like a screen reader does.
    target = wait_for(name, lambda: first(node, role, name))
    target.doActionNamed('click')


def toast_button(window, name):
    # A toast is a child of the window's toast overlay, beside the content:
    # search only there (the whole tree takes seconds, a toast lasts ten).
    overlay = window
    for _ in range(5):
        if any(c.name in ('AdwLeaflet', 'GtkStack', 'AdwToastWidget') for c in overlay.children):
            break
        overlay = overlay.children[0]
    for child in overlay.children:
        if child.name == 'AdwToastWidget':
            found = child.findChild(lambda n: n.roleName == 'push button' and name in n.name,
                                    retry=False, requireResult=False)
            if found:
                return found
    return None


def row(listing, name_start):
    for item in listing.children:
        if item.children and item.children[0].name.startswith(name_start):
            return item
    return None


def is_selected(item):
    return item.getState().contains(pyatspi.STATE_SELECTED)


def resize(width, height):
    # No window manager under Xvfb: the X window is resized directly (the mapped one,
    # not GTK's hidden client leader of the same name).
    tree_text = subprocess.run(['xwininfo', '-root', '-children'], check=True,
                               capture_output=True, text=True).stdout
    ids = [line.split()[0] for line in tree_text.splitlines() if '"Postmortem": ("postmortem"' in line]
    assert ids, 'no Postmortem X window:\n' + tree_text
    for window_id in ids:
        subprocess.run(['xdotool', 'windowsize', window_id, str(width), str(height)], check=True)


def left_of(node, x):
    # Pages a folded leaflet hides keep their last size: where a node is tells
    # which pane shows it (the report starts at the left edge only when folded).
    return node is not None and on_screen(node) and node.position[0] < x


def pending_key(app_name):
    ctl = os.path.join(build, 'app', 'postmortemctl')
    listing = json.loads(subprocess.run([ctl, 'list', '--queue', '--json'], check=True,
                                        capture_output=True, text=True).stdout)
    for report in listing:
        if report['app_name'] == app_name:
            return report['key']
    raise AssertionError('no pending report of ' + app_name)


# 1. A store of real crash reports.
make = os.path.join(source, 'data', 'demo', 'make-demo-store.sh')
subprocess.run([make, build, store], check=True, stderr=subprocess.DEVNULL)
def count_reports():
    return sum(len(os.listdir(os.path.join(store, d))) for d in ('queue', 'archive'))


n_reports = count_reports()
assert n_reports >= 7, n_reports

app_path = os.path.join(build, 'app', 'postmortem')

# 1b. `postmortem --report KEY` from a cold start: the main window shows that report
# selected, and the crash dialog above it does not block it (the person may read the
# report first).
player_key = pending_key('pm-demo-player')
proc = subprocess.Popen([app_path, '--report', player_key])
try:
    app = wait_for('the application on the accessibility bus',
                   lambda: tree.root.application('postmortem'))
    main = wait_for('the main window', lambda: app.findChild(
        lambda n: n.roleName == 'frame' and n.name == 'Postmortem', retry=False, requireResult=False))
    listing = wait_for('the report list', lambda: main.findChild(
        lambda n: n.roleName == 'list' and n.name == 'Crash Reports', retry=False, requireResult=False))
    player = wait_for('the pm-demo-player row selected',
                      lambda: (lambda r: r if r and is_selected(r) else None)(row(listing, 'pm-demo-player,')))
    wait_for('its report shown', lambda: first(main, 'label', 'pm-demo-player Quit Unexpectedly'))
    # Its role: 'dialog' — but GTK 4.8 exports a window created while the application is
    # still connecting to the accessibility bus (a cold start) as 'filler', whatever its
    # accessible role (AdwMessageDialog's is DIALOG): found by its name as a top-level
    # child of the application.
    dialog = wait_for('the crash dialog', lambda: next(
        (n for n in app.children
         if n.roleName in ('dialog', 'filler') and n.name == 'pm-demo-player Quit Unexpectedly'), None))
    assert not dialog.getState().contains(pyatspi.STATE_MODAL), 'the crash dialog is modal'
    screenshot('report-cold-start')
finally:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
gone('the cold-start instance', lambda: [a for a in tree.root.applications() if a.name == 'postmortem'])

proc = subprocess.Popen([app_path])
try:
    app = wait_for('the application on the accessibility bus',
                   lambda: tree.root.application('postmortem'))
    main = wait_for('the main window', lambda: app.findChild(
        lambda n: n.roleName == 'frame' and n.name == 'Postmortem', retry=False, requireResult=False))

    # 2. The list: one row per problem, newest first, with what happened.
    listing = wait_for('the report list', lambda: main.findChild(
        lambda n: n.roleName == 'list' and n.name == 'Crash Reports', retry=False, requireResult=False))
    notes = wait_for('the pm-demo-notes row', lambda: row(listing, 'pm-demo-notes,'))
    label = notes.children[0].name
    # Plain words first (not "SIGSEGV in …"), then how often and whether it was sent.
    assert 'memory it does not own' in label and '3 times' in label and 'Pending' in label, label
    assert 'SIGSEGV' not in label, label
    for app_name in ('pm-demo-calc,', 'pm-demo-viewer,', 'pm-demo-shell,', 'pm-demo-sync,', 'pm-demo-player,'):
        wait_for(app_name + ' row', lambda: row(listing, app_name))
    # The demo sent this one to its loopback receiver.
    calc = row(listing, 'pm-demo-calc,').children[0].name
    assert 'Sent' in calc, calc
    screenshot('list')

    # 3. Select a report: plain words first.
    notes.click()
    wait_for('the report page', lambda: first(main, 'label', 'pm-demo-notes Quit Unexpectedly'))
    wait_for('the meaning', lambda: first(main, 'label', 'It tried to use memory it does not own.'))
    # The plain sentence names the program and where it crashed, before the technical line.
    wait_for('the plain sentence', lambda: first(main, 'label', 'pm-demo-notes stopped working'))
    screenshot('report')

    # Every control on screen has a name a screen reader can say (not empty,
    # not a widget class name such as "GtkToggleButton").
    unnamed = []
    controls = main.findChildren(lambda n: n.roleName in ('push button', 'toggle button', 'page tab')
                                 and on_screen(n))
    assert len(controls) >= 8, 'only %d controls found' % len(controls)
    for node in main.findChildren(lambda n: n.roleName in ('push button', 'toggle button', 'page tab',
                                                            'check box', 'combo box', 'menu button',
                                                            'entry', 'text') and on_screen(n)):
        name = node.name.strip()
        if not name or ((name.startswith('Gtk') or name.startswith('Adw')) and ' ' not in name):
            unnamed.append((node.roleName, name))
    assert not unnamed, 'controls without an accessible name: %r' % unnamed

    # 4. The dump, page by page.
    press(main, 'page tab', 'Dump')
    for page, evidence in (('Overview', ('label', 'SIGSEGV / SEGV_MAPERR')),
                           ('Threads', ('label', 'Registers')),
                           ('Modules', ('label', 'libc.so.6')),
                           ('Memory', (None, 'Jump to Address')),
                           ('Streams', ('label', 'Select a Stream'))):
        press(main, 'page tab', page)
        wait_for(page + ' content', lambda: first(main, evidence[0], evidence[1]))
        screenshot('dump-' + page.lower())
    press(main, 'page tab', 'Report')

    # The heap dump's report also holds the helper process's triage dump: it opens in its own window.
    row(listing, 'pm-demo-sync,').click()
    wait_for('the sync report shown', lambda: first(main, 'label', 'pm-demo-sync Quit Unexpectedly'))
    press(main, 'push button', 'Open triage-')
    triage = wait_for('the triage dump window', lambda: first(app, 'frame', 'triage-'))
    wait_for('its overview', lambda: first(triage, 'label', 'Operating System'))
    screenshot('triage-dump')
    # Without a window manager it lies over the main window: close it.
    press(triage, 'push button', 'Close')
    gone('the triage dump window', lambda: first(app, 'frame', 'triage-'))

    # An abort has no fault address to show.
    row(listing, 'pm-demo-player,').click()
    wait_for('the player report shown', lambda: first(main, 'label', 'pm-demo-player Quit Unexpectedly'))
    wait_for('its technical line', lambda: first(main, 'label', '(SIGABRT)'))
    assert not first(main, 'label', 'fault address'), 'a fault address shown for SIGABRT'

    # 5. Delete, then Undo from the toast.
    row(listing, 'pm-demo-notes,').click()
    wait_for('the notes report shown', lambda: first(main, 'label', 'pm-demo-notes Quit Unexpectedly'))
    press(main, 'push button', 'Delete Report')
    gone('the deleted row', lambda: row(listing, 'pm-demo-notes,'))
    undo = wait_for('the Undo button', lambda: toast_button(main, 'Undo'))
    screenshot('deleted')
    undo.doActionNamed('click')
    wait_for('the row back after Undo', lambda: row(listing, 'pm-demo-notes,'))
    assert count_reports() == n_reports

    # 6. Delete for good (the toast runs out): the report leaves the store.
    row(listing, 'pm-demo-calc,').click()
    wait_for('the calc report shown', lambda: first(main, 'label', 'pm-demo-calc Quit Unexpectedly'))
    press(main, 'push button', 'Delete Report')
    gone('the deleted calc row', lambda: row(listing, 'pm-demo-calc,'))
    deadline = time.time() + 30
    while count_reports() != n_reports - 1 and time.time() < deadline:
        time.sleep(0.5)
    assert count_reports() == n_reports - 1

    # 6b. 360 px wide: the list first; one click opens a report; Back returns to the
    # list with that row still selected.
    resize(360, 720)
    wait_for('the narrow list', lambda: listing.size[0] < 400)
    screenshot('narrow-list')
    viewer = wait_for('the viewer row', lambda: row(listing, 'pm-demo-viewer,'))
    viewer.click()
    wait_for('the viewer report after one click', lambda: left_of(
        first(main, 'label', 'pm-demo-viewer Quit Unexpectedly'), 200))
    screenshot('narrow-report')
    press(main, 'push button', 'Back to Reports')
    wait_for('the list again', lambda: listing.size[0] > 0 and listing.position[0] < 100)
    assert is_selected(row(listing, 'pm-demo-viewer,')), 'the selection was not kept'
    screenshot('narrow-back')
    resize(1100, 720)
    wait_for('both panes again', lambda: not left_of(first(main, 'label', 'pm-demo-viewer Quit Unexpectedly'), 300)
             and first(main, 'label', 'pm-demo-viewer Quit Unexpectedly'))

    # 7. The history: today's column names what happened on it; a click lists the day's
    # reports; choosing one shows it on the report page.
    press(main, 'push button', 'History')
    day_name = re.compile(r'^\d+ \w+: \d+ crash')
    today = wait_for('a day with crashes in the history chart', lambda: main.findChild(
        lambda n: n.roleName == 'push button' and day_name.match(n.name) and on_screen(n),
        retry=False, requireResult=False))
    today.click()
    day_list = wait_for('the chosen day\'s reports', lambda: main.findChild(
        lambda n: n.roleName == 'list' and n.name == 'Reports of the Chosen Day' and on_screen(n),
        retry=False, requireResult=False))
    first_report = wait_for('a report of that day', lambda: day_list.children[0] if day_list.children else None)
    assert ', Quit unexpectedly at ' in first_report.name, first_report.name
    # One row per report; a report may stand for several crashes (the flood counter).
    crashes = int(today.name.split(': ')[1].split()[0])
    assert 1 <= len(day_list.children) <= crashes, (today.name, [c.name for c in day_list.children])
    screenshot('history')
    app_name = first_report.name.split(',')[0]
    first_report.click()
    wait_for('the chosen report shown', lambda: first(main, 'label', app_name + ' Quit Unexpectedly'))
    screenshot('history-report')

    # 8. A minidump from the command line: the running instance opens it in a window.
    dump = os.path.join(corpus or '', 'breakpad__linux_raise_sigabrt.dmp')
    if corpus and os.path.exists(dump):
        subprocess.run([app_path, dump], check=True, timeout=30)
        win = wait_for('the dump window', lambda: first(app, 'frame', 'breakpad__linux_raise_sigabrt.dmp'))
        wait_for('the crash reason', lambda: first(win, 'label', 'SIGABRT'))
        screenshot('opened-dump')
        press(win, 'page tab', 'Threads')
        wait_for('registers', lambda: first(win, 'label', 'Registers'))
        # A file that is not a minidump: an error page, not a crash.
        bad = os.path.join(top, 'not-a-dump.dmp')
        with open(bad, 'w') as f:
            f.write('hello\n')
        subprocess.run([app_path, bad], check=True, timeout=30)
        badwin = wait_for('the error window', lambda: first(app, 'frame', 'not-a-dump.dmp'))
        wait_for('the error page', lambda: first(badwin, 'label', 'This File Cannot Be Opened'))
        screenshot('not-a-dump')
    else:
        print('corpus absent: skipping the command-line open step')

    assert proc.poll() is None, 'the application exited'
finally:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(top, ignore_errors=True)

print('ok')
