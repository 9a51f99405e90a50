#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-socorro-spec.py — postmortemctl submit against a collector written only
# from the Socorro crash report specification ("Specification: Submitting crash
# reports"), in Python with the standard library: http.server reads the body by
# Content-Length (a chunked body is refused with 411), gzip is undone by the
# gzip module, and the multipart body is parsed by the email package — no code
# shared with libsoup or with Postmortem's writer.
#
# Runs in: a test process (meson test, suite 'upload'). The report is brought
# into an isolated store with `postmortemctl import` from a .tar.gz built here
# with tarfile, then sent with `postmortemctl submit --url`.
#
# What the collector checks, from the specification:
#   POST; Content-Type multipart/form-data (or multipart/mixed) with a boundary;
#   Content-Length set and equal to the body; Content-Encoding gzip means the
#   body is gzipped; every part is form-data with an ASCII name; annotations
#   are parts without a filename (at least one; not both key/value and "extra"
#   JSON); dumps have Content-Type application/octet-stream, the main one
#   named upload_file_minidump; ProductName and Version are present (what
#   Socorro's processing needs); names are unique. It answers
#   "CrashID=bp-<uuid>" (200), or 400 "Discarded=<why>" as the spec lists.
import email.parser
import email.policy
import gzip
import http.server
import io
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import threading
import uuid

received = []
problems = []


class Collector(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reject(self, why):
        problems.append(why)
        self.answer(400, 'Discarded=%s\n' % why)

    def do_POST(self):
        if 'Content-Length' not in self.headers:
            problems.append('no Content-Length')
            self.answer(411, 'Discarded=no_content_length\n')
            return
        body = self.rfile.read(int(self.headers['Content-Length']))
        ctype = self.headers.get('Content-Type', '')
        if not (ctype.startswith('multipart/form-data') or ctype.startswith('multipart/mixed')) \
                or 'boundary=' not in ctype:
            return self.reject('wrong_content_type')
        if self.headers.get('Content-Encoding') == 'gzip':
            try:
                body = gzip.decompress(body)
            except OSError:
                return self.reject('bad_gzip')
        elif self.headers.get('Content-Encoding') not in (None, 'identity'):
            return self.reject('unknown_content_encoding')
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b'Content-Type: ' + ctype.encode() + b'\r\n\r\n' + body)
        if not message.is_multipart() or message.defects:
            return self.reject('malformed_multipart %r' % (message.defects,))
        fields, dumps = {}, {}
        for part in message.iter_parts():
            if part.get_content_disposition() != 'form-data':
                return self.reject('part_without_form_data')
            name = part.get_param('name', header='content-disposition')
            if not name or name in fields or name in dumps:
                return self.reject('missing_or_duplicate_name %r' % name)
            if not name.isascii():
                return self.reject('name_not_ascii %r' % name)
            payload = part.get_payload(decode=True)
            if part.get_filename() is not None:
                # "The Content-Type must be application/octet-stream."
                if part.get_content_type() != 'application/octet-stream':
                    return self.reject('dump_not_octet_stream %s' % name)
                dumps[name] = payload
            else:
                try:
                    fields[name] = payload.decode('utf-8')
                except UnicodeDecodeError:
                    return self.reject('annotation_not_utf8 %s' % name)
        if not fields:
            return self.reject('no_annotations')
        if 'extra' in fields and len(fields) > 1:
            return self.reject('has_json_and_kv')
        if 'ProductName' not in fields or 'Version' not in fields:
            return self.reject('no_product_name_or_version')
        crash_id = 'bp-' + str(uuid.uuid4())
        received.append({'headers': dict(self.headers), 'fields': fields, 'dumps': dumps,
                         'crash_id': crash_id, 'path': self.path})
        self.answer(200, 'CrashID=%s\n' % crash_id)


def main():
    build = os.environ.get('PM_BUILD_DIR')
    if not build:
        print('PM_BUILD_DIR is not set (run through meson test)')
        return 77
    ctl = os.path.join(build, 'app', 'postmortemctl')
    root = tempfile.mkdtemp(prefix='pm-socorro-spec-')
    env = dict(os.environ)
    for var, sub in (('HOME', 'home'), ('XDG_DATA_HOME', 'data'), ('XDG_CONFIG_HOME', 'config'),
                     ('XDG_CACHE_HOME', 'cache'), ('PM_STORE_DIR', 'store')):
        os.makedirs(os.path.join(root, sub), mode=0o700)
        env[var] = os.path.join(root, sub)
    env['PM_SETTINGS_FILE'] = os.path.join(root, 'config', 'settings.ini')
    with open(env['PM_SETTINGS_FILE'], 'w') as f:
        f.write('[Consent]\nDefault=all-data\n[Quota]\nFloodWindowSeconds=0\nMaxBytes=0\nMinFreeBytes=0\n')
    os.chmod(env['PM_SETTINGS_FILE'], 0o600)

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = 'http://127.0.0.1:%d/submit' % server.server_address[1]

    failures = 0
    for gzip_on in (True, False):
        original_id = str(uuid.uuid4())
        dump = b'MDMP\x93\xa7\x00\x00' + bytes(24) + bytes(random.getrandbits(8) for _ in range(150000))
        wer = ('Version=1\nEventType=APPCRASH\nEventTime=133000000000000000\nReportIdentifier=%s\n'
               'AppName=spec-app\nSig[0].Name=Application Name\nSig[0].Value=spec-app\n'
               'Sig[1].Name=Application Version\nSig[1].Value=4.5.6\n'
               'Sig[2].Name=Offset In Module\nSig[2].Value=0x%x\n'
               'Metadata[0].Key=Channel\nMetadata[0].Value=nightly \u00e9t\u00e9\n'
               'File[0].Name=minidump.dmp\nFile[0].Type=MiniDump\nFile[0].Flags=0\n'
               % (original_id, random.getrandbits(32))).encode()
        archive = os.path.join(root, 'report-%s.tar.gz' % original_id)
        with tarfile.open(archive, 'w:gz') as tar:
            for name, data in (('Report.wer', wer), ('minidump.dmp', dump)):
                info = tarfile.TarInfo('r/' + name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        imported = subprocess.run([ctl, 'import', archive], env=env, capture_output=True, text=True)
        if imported.returncode != 0:
            print('not ok - import: %s' % imported.stderr)
            return 1
        key = imported.stdout.strip()
        before = len(received)
        args = [ctl, 'submit', key, '--url', url, '--retries', '0'] + ([] if gzip_on else ['--no-gzip'])
        sent = subprocess.run(args, env=env, capture_output=True, text=True)
        label = 'gzip' if gzip_on else 'plain'
        checks = [
            ('postmortemctl submit exits 0 (%s)' % sent.stderr.strip(), sent.returncode == 0),
            ('the collector found nothing wrong: %s' % problems, not problems),
            ('one report received', len(received) == before + 1),
        ]
        if len(received) == before + 1:
            r = received[-1]
            checks += [
                ('Content-Encoding is %s' % label,
                 (r['headers'].get('Content-Encoding') == 'gzip') == gzip_on),
                ('upload_file_minidump is byte-identical', r['dumps'].get('upload_file_minidump') == dump),
                ('ProductName', r['fields'].get('ProductName') == 'spec-app'),
                ('Version', r['fields'].get('Version') == '4.5.6'),
                ('the stable id is the original ReportIdentifier', r['fields'].get('guid') == original_id),
                ('UTF-8 metadata arrives intact', r['fields'].get('Channel') == 'nightly \u00e9t\u00e9'),
                ('the CrashID is printed', r['crash_id'] in sent.stdout),
            ]
        for what, ok in checks:
            print('%s - %s: %s' % ('ok' if ok else 'not ok', label, what))
            failures += not ok
        del problems[:]
    server.shutdown()
    subprocess.run(['rm', '-rf', root])
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
