#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""Checks that the desktop integration files agree with each other and with the
application id: the built desktop file is D-Bus activatable and names the icon and
MIME type we ship; the D-Bus service file activates the same id with
--gapplication-service; the metainfo's launchable is the desktop file; both icons
exist, are SVG that renders (GdkPixbuf) and the symbolic one is a single flat
colour that GTK can recolour (no strokes, gradients or second colour).

Usage: check-integration.py SOURCE_DIR BUILD_DIR   (system python with gi)"""
import configparser
import os
import re
import sys
import xml.etree.ElementTree as ET

APP_ID = "io.github.postmortem.Postmortem"
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def main():
    src, build = sys.argv[1], sys.argv[2]
    data, bdata = os.path.join(src, "data"), os.path.join(build, "data")

    desktop = configparser.ConfigParser(interpolation=None, strict=True)
    desktop.optionxform = str
    desktop.read(os.path.join(bdata, APP_ID + ".desktop"), encoding="utf-8")
    entry = desktop["Desktop Entry"]
    check(entry.get("DBusActivatable") == "true", "desktop file: DBusActivatable is not true")
    check(entry.get("Icon") == APP_ID, f"desktop file: Icon is {entry.get('Icon')}, not {APP_ID}")
    check(entry.get("Exec", "").split()[0] == "postmortem", "desktop file: Exec does not start postmortem")
    check("Name[fr]" in entry, "desktop file: no French name merged from po/fr.po")

    service = configparser.ConfigParser(interpolation=None)
    service.optionxform = str
    service.read(os.path.join(bdata, APP_ID + ".service"), encoding="utf-8")
    svc = service["D-BUS Service"]
    check(svc.get("Name") == APP_ID, f"D-Bus service: Name is {svc.get('Name')}")
    exec_ = svc.get("Exec", "").split()
    check(len(exec_) == 2 and os.path.isabs(exec_[0]) and exec_[0].endswith("/postmortem")
          and exec_[1] == "--gapplication-service",
          f"D-Bus service: Exec is {svc.get('Exec')!r}, want /…/postmortem --gapplication-service")

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(os.path.join(data, APP_ID + ".mime.xml")).getroot()
    types = [t.get("type") for t in mime.findall("m:mime-type", ns)]
    check(entry.get("MimeType", "").rstrip(";").split(";") == types,
          f"desktop MimeType {entry.get('MimeType')} differs from the MIME file's {types}")

    meta = ET.parse(os.path.join(bdata, APP_ID + ".metainfo.xml")).getroot()
    check(meta.findtext("id") == APP_ID, "metainfo: wrong id")
    check(meta.findtext("launchable") == APP_ID + ".desktop", "metainfo: launchable is not the desktop file")
    check(meta.find("content_rating") is not None, "metainfo: no content rating")
    check(len(meta.findall("releases/release")) >= 1, "metainfo: no release")
    provided = [m.text for m in meta.findall("provides/mediatype")]
    check(provided == types, f"metainfo: provides {provided}, MIME file defines {types}")

    import gi
    gi.require_version("GdkPixbuf", "2.0")
    from gi.repository import GdkPixbuf
    icons = {
        os.path.join(data, "icons/hicolor/scalable/apps", APP_ID + ".svg"): 128,
        os.path.join(data, "icons/hicolor/symbolic/apps", APP_ID + "-symbolic.svg"): 16,
    }
    for path, size in icons.items():
        if not os.path.exists(path):
            problems.append(f"missing icon {path}")
            continue
        pix = GdkPixbuf.Pixbuf.new_from_file_at_size(path, size, size)
        check(pix.get_width() == size and pix.get_height() == size,
              f"{path}: renders {pix.get_width()}x{pix.get_height()}, not {size}x{size}")
        pixels = pix.get_pixels()
        check(pix.get_has_alpha() and any(pixels[i] for i in range(3, len(pixels), 4)),
              f"{path}: renders fully transparent")
    sym = open(list(icons)[1], encoding="utf-8").read()
    colours = set(re.findall(r'#[0-9a-fA-F]{3,6}\b', sym))
    check(len(colours) == 1, f"symbolic icon uses colours {colours}, want one")
    check(not re.search(r'stroke=|Gradient|<image', sym), "symbolic icon has strokes, gradients or images")

    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("desktop file, D-Bus service, MIME type, metainfo and icons agree")


if __name__ == "__main__":
    main()
