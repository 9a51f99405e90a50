#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# test-consent-manifest.py — consent that means what it says, end to end: a real
# program crashes holding random canaries in its environment, an argument, its
# stack, a registered heap block and a registered text file; its reports are sent
# with `postmortemctl submit --approve --level L [--without NAME]… --comment C` to a
# receiver in this process (127.0.0.1) that keeps every byte of every request.
#
# Runs in: a test process (meson test, suite 'upload'), isolated HOME/XDG/store.
#
# What it proves, for every level and several sets of --without:
#   - the request received (gunzipped) is exactly `show KEY --manifest --json`
#     computed just before: the same parts in the same order, names, file names,
#     field values and byte counts; file bytes equal the report's file, its
#     sanitized copy (below all data) or its redacted text;
#   - the manifest kept in the report (Upload.manifest.json, `show --manifest
#     --sent`) is that manifest;
#   - at parameters and safe-data no received byte holds any 12-byte piece of
#     any canary (ASCII or UTF-16LE); at all-data the original dump does (so the
#     check can fail);
#   - a part left out is never received; the comment arrives as "Comments";
#   - the home directory, user name, host name and an e-mail address are
#     replaced in the comment by default and sent as typed with --no-redact; a
#     text attachment is sent redacted, the report's file unchanged;
#   - a Sentry DSN gets the comment as user feedback on the event it returned;
#   - consent "never" keeps collecting and refuses to send; a --level wider
#     than the application's consent needs --approve; an unknown --without
#     name is an error naming it.
import getpass
import gzip
import http.server
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import uuid

crasher, dumper = sys.argv[1], sys.argv[2]
build = os.environ.get("PM_BUILD_DIR")
if not build:
    print("PM_BUILD_DIR is not set (run through meson test)")
    sys.exit(77)
ctl = os.path.join(build, "app", "postmortemctl")

tmp = tempfile.TemporaryDirectory(prefix="pm-consent-")
root = tmp.name
env = dict(os.environ)
for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "run"), ("PM_STORE_DIR", "store")):
    env[var] = os.path.join(root, sub)
    os.makedirs(env[var], mode=0o700, exist_ok=True)
env["PM_SETTINGS_FILE"] = os.path.join(root, "config", "settings.ini")
env["PM_DUMPER_PATH"] = dumper
env["LC_ALL"] = "C.UTF-8"
env.pop("PM_LAUNCH_APP", None)
home = env["HOME"]
user = getpass.getuser()
host = socket.gethostname()

failures = 0


def check(what, ok):
    global failures
    print(("ok - " if ok else "not ok - ") + what, flush=True)
    failures += not ok
    return ok


# --- the receiver: keeps every request whole ------------------------------------

requests = []
requests_lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        raw = body
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        with requests_lock:
            requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw, "body": body})
        if "/envelope/" in self.path:
            answer, ctype = b"{}", "application/json"
        elif "/minidump/" in self.path:
            answer, ctype = json.dumps({"id": uuid.uuid4().hex}).encode(), "application/json"
        else:
            answer, ctype = f"CrashID=bp-{uuid.uuid4()}\n".encode(), "text/plain"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}/submit"
dsn = f"http://0123456789abcdef0123456789abcdef@127.0.0.1:{server.server_address[1]}/42"


def parse_multipart(request):
    """[(name, filename or None, bytes)] of a multipart/form-data body, in order."""
    ctype = request["headers"].get("Content-Type", "")
    m = re.search(r'boundary=("?)([^";]+)\1', ctype)
    if not m:
        return None
    delimiter = b"--" + m.group(2).encode()
    body = request["body"]
    chunks = body.split(b"\r\n" + delimiter)
    first = chunks[0]
    if not first.startswith(delimiter):
        return None
    chunks[0] = first[len(delimiter):]
    parts = []
    for chunk in chunks:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk[2:].partition(b"\r\n\r\n")
        disposition = re.search(rb'name="([^"]*)"(?:; filename="([^"]*)")?', head)
        parts.append((disposition.group(1).decode(),
                      disposition.group(2).decode() if disposition.group(2) is not None else None, data))
    return parts


# --- crashes, reports ------------------------------------------------------------

def settings(extra=""):
    with open(env["PM_SETTINGS_FILE"], "w") as f:
        f.write("[Consent]\nDefault=ask\n" + extra + "[Quota]\nFloodWindowSeconds=0\n")


def crash():
    """Crashes the program with fresh canaries; returns (key, canaries, document text)."""
    queue = os.path.join(env["PM_STORE_DIR"], "queue")
    before = set(os.listdir(queue)) if os.path.isdir(queue) else set()
    canaries = {name: secrets.token_hex(16) for name in ("env", "arg", "stack", "heap", "file")}
    doc = os.path.join(root, "document.txt")
    text = f"file:{canaries['file']}:end\nsaved in {home}/Documents by {user}\n"
    with open(doc, "w") as f:
        f.write(text)
    # Under AddressSanitizer the crash is libpostmortem's to handle, not ASan's (whose
    # SEGV report would end the program with SIGABRT instead of the original signal).
    cenv = dict(env, PM_TEST_CANARY_ENV=canaries["env"], PM_TEST_CANARY_STACK=canaries["stack"],
                PM_TEST_CANARY_HEAP=canaries["heap"],
                ASAN_OPTIONS="handle_segv=0:detect_leaks=0:abort_on_error=0")
    r = subprocess.run(["sh", "-c", 'ulimit -c 0; exec "$@"', "sh", crasher, "2", "arg:" + canaries["arg"], doc],
                       env=cenv, capture_output=True, timeout=120)
    new = sorted(set(os.listdir(queue)) - before) if os.path.isdir(queue) else []
    check(f"the program crashed (status {r.returncode}) and left one report", r.returncode in (-11, 139) and len(new) == 1)
    return (new[0] if new else None), canaries, text


def pieces(canary, width=12):
    raw = canary.encode()
    out = []
    for i in range(len(raw) - width + 1):
        out.append(raw[i:i + width])
        out.append(raw[i:i + width].decode().encode("utf-16-le"))
    return out


def leaks(data, canaries):
    return sorted({name for name, canary in canaries.items() for p in pieces(canary) if p in data})


def ctl_run(*args):
    return subprocess.run([ctl, *args], env=env, capture_output=True, text=True, timeout=120)


def report_dir(key):
    for state in ("queue", "archive"):
        path = os.path.join(env["PM_STORE_DIR"], state, key)
        if os.path.isdir(path):
            return path
    return None


def choice_args(level, without, comment, redact=True):
    args = ["--level", level, "--comment", comment]
    for name in without:
        args += ["--without", name]
    if not redact:
        args.append("--no-redact")
    return args


def expected_bytes(key, part):
    """The bytes a file part of the manifest must carry."""
    path = report_dir(key)
    if part["sanitized"]:
        return open(os.path.join(path, "Upload.sanitized-" + part["source_name"]), "rb").read()
    data = open(os.path.join(path, part["source_name"]), "rb").read()
    if part["redacted"]:
        return None  # checked by content below
    return data


def send_and_compare(level, without, comment, redact=True, endpoint=("--url", url)):
    """One crash, one submission; returns (manifest, received parts, request, canaries, doc text, key)."""
    key, canaries, doc_text = crash()
    if key is None:
        return None
    if "@attachment" in without:
        # The attached file's part name, as `show --manifest` prints it.
        listed = json.loads(ctl_run("show", key, "--manifest", "--json", "--level", "all-data").stdout)
        names = [p["name"] for p in listed["parts"] if p["name"].startswith("attachment_")]
        check(f"the attachment is listed as a part ({names})", len(names) == 1)
        without = [names[0] if n == "@attachment" and names else n for n in without]
    label = f"{level} without {without or 'nothing'}{'' if redact else ', not redacted'}"
    shown = ctl_run("show", key, "--manifest", "--json", *choice_args(level, without, comment, redact))
    if not check(f"{label}: show --manifest --json works ({shown.stderr.strip()})", shown.returncode == 0):
        return None
    manifest = json.loads(shown.stdout)
    with requests_lock:
        n_before = len(requests)
    sent = ctl_run("submit", key, "--approve", *endpoint, *choice_args(level, without, comment, redact))
    check(f"{label}: submit exits 0 ({sent.stderr.strip()})", sent.returncode == 0)
    with requests_lock:
        mine = requests[n_before:]
    multipart = [r for r in mine if "/envelope/" not in r["path"]]
    if not check(f"{label}: one request was received", len(multipart) == 1):
        return None
    request = multipart[0]
    parts = parse_multipart(request)
    check(f"{label}: the body is multipart", parts is not None)
    parts = parts or []

    # The received request equals the manifest, part for part.
    names = [p[0] for p in parts]
    check(f"{label}: the parts received are the manifest's, in order ({names})",
          names == [p["name"] for p in manifest["parts"]])
    for (name, filename, data), part in zip(parts, manifest["parts"]):
        if part["kind"] == "field":
            check(f"{label}: field {name} is the manifest's value",
                  filename is None and data == part["value"].encode() and len(data) == part["size"])
        else:
            want = expected_bytes(key, part)
            check(f"{label}: file {name} is {part['file_name']}, {part['size']} bytes as listed",
                  filename == part["file_name"] and len(data) == part["size"]
                  and (want is None or data == want))
    for part in manifest["left_out"]:
        check(f"{label}: {part['name']} ({part['status']}) was not received", part["name"] not in names)
    total = sum(len(d) for _, _, d in parts)
    check(f"{label}: the total size is the manifest's", total == manifest["total_size"])

    # What was sent is kept in the report, and is that manifest.
    kept = ctl_run("show", key, "--manifest", "--sent", "--json")
    if check(f"{label}: show --manifest --sent works ({kept.stderr.strip()})", kept.returncode == 0):
        kept_manifest = json.loads(kept.stdout)
        check(f"{label}: the manifest kept in the report is the one shown before sending",
              kept_manifest["parts"] == manifest["parts"] and kept_manifest["left_out"] == manifest["left_out"])
    return manifest, parts, request, canaries, doc_text, key


try:
    settings()
    comment = f"It broke while saving {home}/Documents/report.odt as {user} on {host}; write to me at jane.doe@example.org"

    # 1. Every level, several sets of parts left out.
    for level in ("parameters", "safe-data", "all-data"):
        for without in ([], ["upload_file_minidump"], ["Comments", "ProductName"], ["@attachment"]):
            result = send_and_compare(level, without, comment)
            if result is None:
                continue
            manifest, parts, request, canaries, doc_text, key = result
            without = [p["name"] for p in manifest["left_out"] if p["status"] == "removed"]
            names = [p[0] for p in parts]
            everything = request["body"]
            found = leaks(everything, canaries)
            if level in ("parameters", "safe-data"):
                check(f"{level} without {without}: no canary in any received byte ({found})", not found)
                check(f"{level}: no attachment is sent", not any(n.startswith("attachment_") for n in names))
            if level == "parameters":
                check("parameters: no file part at all", all(p[1] is None for p in parts))
            if level == "safe-data" and "upload_file_minidump" not in without:
                dump = [p for p in manifest["parts"] if p["name"] == "upload_file_minidump"]
                check("safe-data: the dump sent is the sanitized copy", dump and dump[0]["sanitized"])
                original = open(os.path.join(report_dir(key), dump[0]["source_name"]), "rb").read() if dump else b""
                check("safe-data: the original dump in the report still holds the canaries (the check can fail)",
                      "env" in leaks(original, canaries) and "arg" in leaks(original, canaries))
            if level == "all-data" and "upload_file_minidump" not in without:
                check("all-data: the original dump is sent, canaries and all",
                      "env" in found and "upload_file_minidump" in names)
            if level == "all-data" and any(n.startswith("attachment_") for n in without):
                # The program read the file into its memory, so the whole dump may hold it.
                others = b"".join(d for n, _, d in parts if not n.startswith("upload_file_minidump"))
                check("all-data: the attachment left out is not received, nor its canary outside the dump",
                      not any(n.startswith("attachment_") for n in names) and "file" not in leaks(others, canaries))
            elif level == "all-data":
                attachment = [p for p in parts if p[0].startswith("attachment_")]
                check("all-data: the registered file is sent", len(attachment) == 1)
                if attachment:
                    data = attachment[0][2].decode()
                    check("all-data: the attachment is redacted (home -> ~, user -> <user>)",
                          home not in data and "~/Documents" in data and f"by <user>" in data
                          and canaries["file"] in data)
                    stored = [f for f in os.listdir(report_dir(key)) if f.startswith("file")]
                    check("all-data: the report's own file is unchanged",
                          stored and open(os.path.join(report_dir(key), stored[0])).read() == doc_text)
            fields = {p[0]: p[2].decode() for p in parts if p[1] is None}
            if "Comments" in without:
                check(f"{level}: a removed comment is not sent", "Comments" not in fields)
                check(f"{level}: a removed ProductName is not sent", "ProductName" not in fields)
            else:
                got = fields.get("Comments", "")
                check(f"{level}: the comment arrives as Comments, redacted ({got!r})",
                      got == "It broke while saving ~/Documents/report.odt as <user> on <hostname>; "
                             "write to me at <email>")
                whats = {r["what"] for r in manifest["replacements"]}
                check(f"{level}: the manifest lists the replacements ({sorted(whats)})", len(whats) >= 3)

    # 2. --no-redact: the comment goes as typed.
    result = send_and_compare("parameters", [], comment, redact=False)
    if result:
        fields = {p[0]: p[2].decode() for p in result[1] if p[1] is None}
        check("--no-redact: the comment is sent as typed", fields.get("Comments") == comment)
        check("--no-redact: no replacement is listed", result[0]["replacements"] == [])

    # 3. Sentry: the comment also becomes user feedback on the event.
    result = send_and_compare("parameters", [], comment, endpoint=("--dsn", dsn))
    if result:
        key = result[5]
        with requests_lock:
            envelopes = [r for r in requests if "/envelope/" in r["path"]]
        check("sentry: one envelope was sent", len(envelopes) == 1)
        if envelopes:
            lines = envelopes[0]["body"].decode().splitlines()
            header, item_header, item = (json.loads(line) for line in lines[:3])
            wer = dict(l.split("=", 1) for l in open(os.path.join(report_dir(key), "Report.wer")).read().splitlines())
            check("sentry: it is a user_report on the event the server returned",
                  item_header.get("type") == "user_report" and header["event_id"] == wer.get("Response.ReportId")
                  and item["event_id"] == header["event_id"])
            check("sentry: its comments are the comment as sent (redacted)",
                  item["comments"].startswith("It broke while saving ~/Documents"))
            check("sentry: the key is in the query, as for the minidump", "sentry_key=" in envelopes[0]["path"])

    # 4. Refusals.
    key, _, _ = crash()
    if key:
        wider = ctl_run("submit", key, "--url", url, "--level", "all-data")
        check(f"a --level wider than the consent needs --approve ({wider.stderr.strip()})",
              wider.returncode != 0 and "--approve" in wider.stderr)
        unknown = ctl_run("submit", key, "--approve", "--url", url, "--without", "no_such_part")
        check(f"an unknown --without name is an error naming it ({unknown.stderr.strip()})",
              unknown.returncode != 0 and "no_such_part" in unknown.stderr)
        app = dict(l.split("=", 1) for l in open(os.path.join(report_dir(key), "Report.wer")).read().splitlines())["AppName"]
        never = ctl_run("consent", app, "never")
        check(f"consent APP never is accepted ({never.stderr.strip()})", never.returncode == 0)
        listed = ctl_run("consent")
        check("postmortemctl consent shows it", f"{app}: never" in listed.stdout)
        with requests_lock:
            n_before = len(requests)
        refused = ctl_run("submit", key, "--approve", "--url", url)
        check(f"never: submit --approve refuses ({refused.stderr.strip()})",
              refused.returncode != 0 and "never" in refused.stderr)
        with requests_lock:
            check("never: nothing was received", len(requests) == n_before)
        shown = ctl_run("show", key, "--manifest", "--json")
        manifest = json.loads(shown.stdout) if shown.returncode == 0 else {}
        check("never: the manifest is empty and says why",
              manifest.get("parts") == [] and "never" in (manifest.get("refusal") or ""))
        key2, _, _ = crash()
        check("never: the next crash is still collected", key2 is not None)
finally:
    server.shutdown()

print(f"# {failures} failure(s)")
sys.exit(1 if failures else 0)
