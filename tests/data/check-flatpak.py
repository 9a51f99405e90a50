#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""Offline checks of flatpak/io.github.postmortem.Postmortem.json: valid JSON;
the application id, command and runtime the project uses (a GNOME runtime new
enough for libadwaita 1.2, i.e. 43 or later); every module builds with a known
build system and every local source ("dir", "file", "patch") exists, a "dir"
source being the project itself; the wrapper named by post-install exists and is
executable; and each finish-arg is justified in the table of flatpak/README.md.

Usage: check-flatpak.py SOURCE_DIR"""
import json
import os
import re
import sys

APP_ID = "io.github.postmortem.Postmortem"
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def main():
    src = sys.argv[1]
    fdir = os.path.join(src, "flatpak")
    path = os.path.join(fdir, APP_ID + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"{path}: not valid JSON: {e}")

    check(manifest.get("id") == APP_ID, f"id is {manifest.get('id')}, want {APP_ID}")
    check(manifest.get("command") == "postmortem", "command is not postmortem")
    check(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk",
          "runtime/sdk are not org.gnome.Platform/org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    check(version.isdigit() and int(version) >= 43,
          f"runtime-version {version!r}: libadwaita 1.2 needs GNOME 43 or later")

    modules = manifest.get("modules", [])
    check(len(modules) >= 1, "no modules")
    project_built = False
    for m in modules:
        if isinstance(m, str):
            check(os.path.isfile(os.path.join(fdir, m)), f"module file {m} does not exist")
            continue
        name = m.get("name", "?")
        check(m.get("buildsystem", "autotools") in ("meson", "cmake", "cmake-ninja", "autotools", "simple", "qmake"),
              f"module {name}: unknown buildsystem {m.get('buildsystem')}")
        check(len(m.get("sources", [])) >= 1, f"module {name}: no sources")
        for s in m.get("sources", []):
            kind = s.get("type")
            if kind in ("dir", "file", "patch"):
                p = os.path.normpath(os.path.join(fdir, s.get("path", "")))
                check(os.path.exists(p), f"module {name}: {kind} source {s.get('path')} does not exist")
                if kind == "dir" and os.path.isfile(os.path.join(p, "meson.build")):
                    project_built |= "project('postmortem'" in open(os.path.join(p, "meson.build")).read()
            elif kind in ("archive", "git", "file-url"):
                check(bool(s.get("url")) and (s.get("sha256") or s.get("commit") or s.get("tag")),
                      f"module {name}: remote source without a checksum or commit")
            else:
                problems.append(f"module {name}: source type {kind!r} not checked")
        for cmd in m.get("post-install", []):
            for word in cmd.split():
                if word.endswith(".sh") and not word.startswith("/"):
                    w = os.path.join(fdir, word)
                    check(os.path.isfile(w) and os.access(w, os.X_OK), f"{word} missing or not executable")
    check(project_built, "no module builds the project from this checkout")

    readme = open(os.path.join(fdir, "README.md"), encoding="utf-8").read()
    rows = {m.group(1) for m in re.finditer(r"^\|\s*`([^`]+)`\s*\|\s*\S", readme, re.M)}
    for arg in manifest.get("finish-args", []):
        check(arg in rows, f"finish-arg {arg} has no justification row in flatpak/README.md")
    for arg in rows - set(manifest.get("finish-args", [])):
        problems.append(f"flatpak/README.md justifies {arg}, which the manifest does not request")

    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"manifest valid: {len(modules)} module(s), {len(manifest.get('finish-args', []))} justified finish-args")


if __name__ == "__main__":
    main()
