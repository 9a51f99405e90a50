#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# pm-fake-notifications.py — a notification server for the listener test:
# owns org.freedesktop.Notifications on the session bus and prints each
# notification as one line "notify SUMMARY". Prints "ready" once it owns
# the name.
#
# Runs in: its own process on the test's private session bus (system
# python3 with PyGObject).
import sys

from gi.repository import Gio, GLib

XML = """<node><interface name="org.freedesktop.Notifications">
  <method name="Notify"><arg type="s" direction="in"/><arg type="u" direction="in"/>
    <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="s" direction="in"/>
    <arg type="as" direction="in"/><arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
    <arg type="u" direction="out"/></method>
  <method name="CloseNotification"><arg type="u" direction="in"/></method>
  <method name="GetCapabilities"><arg type="as" direction="out"/></method>
  <method name="GetServerInformation"><arg type="s" direction="out"/><arg type="s" direction="out"/>
    <arg type="s" direction="out"/><arg type="s" direction="out"/></method>
</interface></node>"""
NODE = Gio.DBusNodeInfo.new_for_xml(XML)
count = 0


def on_call(conn, sender, path, iface, method, params, invocation):
    global count
    if method == "Notify":
        count += 1
        print("notify", params.unpack()[3], flush=True)
        invocation.return_value(GLib.Variant("(u)", (count,)))
    elif method == "GetCapabilities":
        invocation.return_value(GLib.Variant("(as)", (["actions", "body"],)))
    elif method == "GetServerInformation":
        invocation.return_value(GLib.Variant("(ssss)", ("fake", "postmortem", "1", "1.2")))
    else:
        invocation.return_value(None)


def on_bus(conn, name):
    conn.register_object("/org/freedesktop/Notifications", NODE.interfaces[0], on_call, None, None)


Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications", Gio.BusNameOwnerFlags.NONE,
                 on_bus, lambda c, n: print("ready", flush=True), lambda c, n: sys.exit(1))
GLib.MainLoop().run()
