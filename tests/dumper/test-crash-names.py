#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-crash-names.py — a crash is never lost for its name: real crashes of the client tests'
# crashing program copied to names with a newline, terminal escape sequences (OSC, C1 CSI),
# Latin-1 bytes, and into a directory whose name is not UTF-8. Each gives exactly one report
# whose AppName/AppPath hold the escaped name (\xNN, \\) and AppPath.Base64 the exact bytes;
# `postmortemctl list`, `list --json` and `show` print it escaped, with no raw control
# character, also with hostile file names planted in the report and the queue.
# Runs in: meson test (suite dumper), as
#   test-crash-names.py PM_CRASH_CHILD POSTMORTEM_DUMPER POSTMORTEMCTL
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

child, dumper, ctl = sys.argv[1:4]
n = 0
failed = False


def check(ok, what):
    global n, failed
    n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (n, what), flush=True)
    if not ok:
        failed = True
    return ok


def escape(data: bytes) -> str:
    """The reference of pm_text_escape_untrusted(): strict UTF-8, controls and bad bytes as \\xNN."""
    out, i = [], 0
    while i < len(data):
        for size in (1, 2, 3, 4):
            try:
                ch = data[i:i + size].decode('utf-8', 'strict')
                break
            except UnicodeDecodeError:
                ch = None
        if ch is None or len(ch) != 1:
            out.append('\\x%02x' % data[i])
            i += 1
            continue
        code = ord(ch)
        if code < 0x20 or code == 0x7f or 0x80 <= code <= 0x9f:
            out.append(''.join('\\x%02x' % b for b in ch.encode()))
        elif ch == '\\':
            out.append('\\\\')
        else:
            out.append(ch)
        i += len(ch.encode())
    return ''.join(out)


def terminal_safe(data: bytes) -> bool:
    """Valid UTF-8 with no control character but newline and TAB."""
    try:
        text = data.decode('utf-8', 'strict')
    except UnicodeDecodeError:
        return False
    return not any((ord(c) < 0x20 and c not in '\n\t') or ord(c) == 0x7f or 0x80 <= ord(c) <= 0x9f
                   for c in text)


def run_ctl(env, *args):
    result = subprocess.run([ctl, *args], env=env, capture_output=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def wer_values(path):
    values = {}
    with open(path, 'rb') as f:
        raw = f.read()
    check(terminal_safe(raw.replace(b'\r', b'')), '%s: Report.wer is UTF-8 without control characters' % path)
    for line in raw.decode('utf-8', 'replace').splitlines():
        key, _, value = line.partition('=')
        values[key] = value
    return values


tmp = tempfile.mkdtemp(prefix='pm-crash-names.')
tmpb = os.fsencode(tmp)
cases = [
    ('newline', tmpb + b'/bin', b'crash\nchild'),
    ('osc-title-and-c1-csi', tmpb + b'/bin', b'crash\x1b]0;owned\x07\xc2\x9b31mchild'),
    ('latin1', tmpb + b'/bin', b'caf\xe9-crasher'),
    ('backslash-and-del', tmpb + b'/bin', b'back\\slash\x7f'),
    ('non-utf8-directory', tmpb + b'/r\xe9pertoire\x1b[2J', b'crasher'),
]
try:
    for label, directory, name in cases:
        os.makedirs(directory, exist_ok=True)
        program = directory + b'/' + name
        shutil.copy(child, program)
        os.chmod(program, 0o755)
        store = os.path.join(tmp, 'store-' + label)
        env = dict(os.environ, PM_STORE_DIR=store, PM_DUMPER_PATH=dumper,
                   HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, 'data'),
                   XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
                   ASAN_OPTIONS='handle_segv=0:detect_leaks=0:abort_on_error=0')
        for var in ('PM_TEST_STORE_DIR', 'PM_TEST_DUMP_TYPE', 'PM_SETTINGS_FILE'):
            env.pop(var, None)
        crashed = subprocess.run([program, 'null'], env=env, capture_output=True, timeout=120)
        check(crashed.returncode == -signal.SIGSEGV,
              '%s: the program died of SIGSEGV (%d; %r)' % (label, crashed.returncode, crashed.stderr[-300:]))
        queue = os.path.join(store, 'queue')
        reports = sorted(os.listdir(queue)) if os.path.isdir(queue) else []
        if not check(len(reports) == 1, '%s: exactly one report (%s)' % (label, reports)):
            continue
        key = reports[0]
        values = wer_values(os.path.join(queue, key, 'Report.wer'))
        want_path = escape(program)
        check(values.get('AppPath') == want_path,
              '%s: AppPath is the escaped path (%r, want %r)' % (label, values.get('AppPath'), want_path))
        check(values.get('AppName') == escape(name),
              '%s: AppName is the escaped name (%r)' % (label, values.get('AppName')))
        raw = base64.b64decode(values.get('AppPath.Base64', ''))
        check(raw == program, '%s: AppPath.Base64 holds the exact bytes' % label)

        status, out, err = run_ctl(env, 'show', key)
        check(status == 0 and ('AppPath=' + want_path).encode() in out and terminal_safe(out + err),
              '%s: show prints the escaped AppPath, no control character (%d, %r)' % (label, status, err))

        # Names planted where the store and postmortemctl read them.
        os.mkdir(os.path.join(os.fsencode(queue), b'\x1b]0;planted\x07'))
        with open(os.path.join(os.fsencode(queue), os.fsencode(key), b'evil\xc2\x9b2J\x1b[31m\n.txt'), 'wb'):
            pass

        for args in (['list'], ['list', '--json'], ['show', key], ['show', key, '--json'],
                     ['show', '\x1b]0;planted\x07']):
            status, out, err = run_ctl(env, *args)
            shown = ' '.join(args).encode('unicode_escape').decode()
            check(terminal_safe(out) and terminal_safe(err),
                  '%s: postmortemctl %s prints no raw control character (status %d)' % (label, shown, status))
            if args == ['list']:
                check(escape(name).encode() in out, '%s: list shows the escaped name' % label)
            if args == ['show', key]:
                print('# ' + (out + err).decode('utf-8', 'replace').replace('\n', '\n# '))
            if args == ['list', '--json']:
                try:
                    listed = [r for r in json.loads(out) if r['key'] == key]
                    check(len(listed) == 1 and listed[0]['app_path'] == want_path,
                          '%s: list --json gives the escaped AppPath' % label)
                except ValueError as e:
                    check(False, '%s: list --json is JSON (%s)' % (label, e))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print('1..%d' % n)
sys.exit(1 if failed else 0)
