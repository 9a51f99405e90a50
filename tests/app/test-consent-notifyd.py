#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
"""test-consent-notifyd.py — a notification server for test-consent.py.

It owns org.freedesktop.Notifications on the session bus (the freedesktop
notification protocol GLib's GNotification falls back to), writes one JSON line
per Notify call to LOG, and when the file LOG.invoke appears, holding a button
label, emits ActionInvoked for that button of the latest notification (what a
person clicking it would cause) and removes the file.

Usage: test-consent-notifyd.py LOG
Runs in: its own process, started by the test, on the test's session bus.
"""
import json
import os
import sys

from gi.repository import Gio, GLib

LOG = sys.argv[1]
XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
  </interface>
</node>
"""
state = {"next": 1, "latest": None, "connection": None}


def method_call(connection, sender, path, interface, method, params, invocation):
    if method == "Notify":
        app, replaces, icon, summary, body, actions, hints, timeout = params.unpack()
        nid = replaces or state["next"]
        state["next"] += 1
        # actions is [id, label, id, label, ...]
        pairs = dict(zip(actions[1::2], actions[0::2]))
        entry = {"id": nid, "app": app, "summary": summary, "body": body, "buttons": pairs}
        state["latest"] = entry
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
        invocation.return_value(GLib.Variant("(u)", (nid,)))
    elif method == "CloseNotification":
        invocation.return_value(None)
    elif method == "GetCapabilities":
        invocation.return_value(GLib.Variant("(as)", (["actions", "body"],)))
    elif method == "GetServerInformation":
        invocation.return_value(GLib.Variant("(ssss)", ("test-consent-notifyd", "postmortem", "1", "1.2")))


def poll():
    trigger = LOG + ".invoke"
    if os.path.exists(trigger) and state["latest"] is not None:
        label = open(trigger, encoding="utf-8").read().strip()
        os.unlink(trigger)
        action = state["latest"]["buttons"].get(label)
        if action is not None:
            state["connection"].emit_signal(None, "/org/freedesktop/Notifications",
                                            "org.freedesktop.Notifications", "ActionInvoked",
                                            GLib.Variant("(us)", (state["latest"]["id"], action)))
    return True


def bus_acquired(connection, name):
    state["connection"] = connection
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    connection.register_object("/org/freedesktop/Notifications", info, method_call, None, None)


def name_acquired(connection, name):
    print("ready", flush=True)


Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications",
                 Gio.BusNameOwnerFlags.NONE, bus_acquired, name_acquired,
                 lambda *a: sys.exit("lost org.freedesktop.Notifications"))
GLib.timeout_add(100, poll)
GLib.MainLoop().run()
