#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-shrinking-file.py — a minidump that shrinks while it is mapped is an error, never a
# SIGBUS death: the reader (every accessor, after the file is truncated to 0, 100 bytes and
# half its size) and `postmortemctl info`, `info --json` and `memory`, each stopped right after
# opening the dump (PM_CTL_TEST_STOP_AFTER_OPEN), the file truncated, then let go: exit 1
# and "the file changed while it was read". A SIGBUS that is not the reader's still kills,
# and a SIGBUS handler installed before the reader's still runs.
# Runs in: meson test (suite minidump), as
#   test-shrinking-file.py POSTMORTEMCTL PM-READER-SHRINK
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

ctl, helper = sys.argv[1:3]
n = 0
failed = False


def check(ok, what):
    global n, failed
    n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (n, what), flush=True)
    failed = failed or not ok
    return ok


tmp = tempfile.mkdtemp(prefix='pm-shrink.')
try:
    # A real dump of a live process (heap: many pages, so truncation leaves mapped pages
    # beyond the end of the file).
    sleeper = subprocess.Popen(['sleep', '300'])
    original = os.path.join(tmp, 'live.dmp')
    made = subprocess.run([ctl, 'dump', str(sleeper.pid), '--type', 'heap', '-o', original],
                          capture_output=True, timeout=120)
    sleeper.kill()
    sleeper.wait()
    if made.returncode != 0:
        print('1..0 # SKIP cannot dump a live process here: %s' % made.stderr.decode(errors='replace'))
        sys.exit(0)
    size = os.path.getsize(original)
    info = json.loads(subprocess.run([ctl, 'info', original, '--json'], capture_output=True,
                                     check=True).stdout)
    stack = int(info['threads'][0]['stack_start'], 16)

    def fresh_copy(name):
        path = os.path.join(tmp, name)
        shutil.copyfile(original, path)
        return path

    # The reader itself: every accessor over a file cut under it.
    for cut in (0, 100, size // 2):
        path = fresh_copy('shrink-%d.dmp' % cut)
        r = subprocess.run([helper, 'shrink', path, str(cut)], capture_output=True, timeout=120)
        out = r.stdout.decode(errors='replace')
        check(r.returncode == 0, 'reader, file cut to %d bytes: no signal death (status %d, %s)'
              % (cut, r.returncode, r.stderr.decode(errors='replace').strip()))
        check('damaged=1' in out and 'changed while it was read' in out,
              'reader, file cut to %d bytes: damaged, and says the file changed (%s)'
              % (cut, out.replace('\n', ' ')))
    r = subprocess.run([helper, 'shrink', fresh_copy('whole.dmp'), str(size)], capture_output=True)
    check(r.returncode == 0 and b'damaged=0' in r.stdout, 'reader, file left whole: not damaged')

    # SIGBUS elsewhere is not ours.
    r = subprocess.run([helper, 'foreign', fresh_copy('foreign.dmp')], capture_output=True)
    # (Under ASan its own SIGBUS handler, installed first, is the one chained to: it reports
    # the fault and exits non-zero instead.)
    check(r.returncode == -signal.SIGBUS or (r.returncode != 0 and b'AddressSanitizer' in r.stderr),
          'a SIGBUS outside any dump still kills (%d)' % r.returncode)
    r = subprocess.run([helper, 'chain', fresh_copy('chain.dmp')], capture_output=True)
    check(r.returncode == 0 and b'earlier SIGBUS handler ran' in r.stdout,
          'a SIGBUS handler installed earlier still gets its SIGBUS (%d)' % r.returncode)

    # postmortemctl, stopped with the dump open, the dump cut, then continued.
    commands = [('info', []), ('info', ['--json']), ('memory', ['0x%x' % stack, '4096'])]
    for command, extra in commands:
        for cut in (None, 0, 4096):
            path = fresh_copy('ctl.dmp')
            args = [ctl, command, path] + extra
            env = dict(os.environ, PM_CTL_TEST_STOP_AFTER_OPEN='1')
            proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            _, status = os.waitpid(proc.pid, os.WUNTRACED)
            stopped = os.WIFSTOPPED(status)
            if cut is not None:
                os.truncate(path, cut)
            os.kill(proc.pid, signal.SIGCONT)
            out, err = proc.communicate(timeout=120)
            label = 'postmortemctl %s, file %s' % (' '.join([command] + extra),
                                                   'whole' if cut is None else 'cut to %d bytes' % cut)
            check(stopped, '%s: stopped after opening' % label)
            if cut is None:
                check(proc.returncode == 0, '%s: exit 0 (%d, %s)' % (label, proc.returncode, err.decode(errors='replace')))
            else:
                check(proc.returncode == 1,
                      '%s: exit 1, no signal death (%d)' % (label, proc.returncode))
                check(b'the file changed while it was read' in err,
                      '%s: says the file changed (%s)' % (label, err.decode(errors='replace').strip()[-200:]))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print('1..%d' % n)
sys.exit(1 if failed else 0)
