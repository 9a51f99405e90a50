#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# pm-fake-app.py — stands in for the application on the session bus in the
# listener test: owns io.github.postmortem.Postmortem, answers
# org.freedesktop.Application and prints each ActivateAction call as one
# line "action NAME ARG…". Prints "ready" once it owns the name.
#
# Runs in: its own process under the test's dbus-run-session (system python3
# with PyGObject, as the GUI tests use).
import sys

from gi.repository import Gio, GLib

XML = """<node><interface name="org.freedesktop.Application">
  <method name="Activate"><arg type="a{sv}" direction="in"/></method>
  <method name="Open"><arg type="as" direction="in"/><arg type="a{sv}" direction="in"/></method>
  <method name="ActivateAction"><arg type="s" direction="in"/><arg type="av" direction="in"/>
    <arg type="a{sv}" direction="in"/></method>
</interface></node>"""
NODE = Gio.DBusNodeInfo.new_for_xml(XML)


def on_call(conn, sender, path, iface, method, params, invocation):
    if method == "ActivateAction":
        name, args, _ = params.unpack()
        print("action", name, *[str(a) for a in args], flush=True)
    invocation.return_value(None)


def on_bus(conn, name):
    conn.register_object("/io/github/postmortem/Postmortem", NODE.interfaces[0], on_call, None, None)


def on_name(conn, name):
    print("ready", flush=True)


def on_lost(conn, name):
    print("lost the name", name, flush=True)
    sys.exit(1)


Gio.bus_own_name(Gio.BusType.SESSION, "io.github.postmortem.Postmortem", Gio.BusNameOwnerFlags.NONE,
                 on_bus, on_name, on_lost)
GLib.MainLoop().run()
