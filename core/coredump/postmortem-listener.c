/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortem-listener.c — the user's always-on listener: follows
 * systemd-coredump's journal and the report store, imports each new crash
 * of this user's programs, and has the application notify about each new
 * report (through its D-Bus activation, without opening a window).
 *
 * Runs in: its own process, as the user, started with the session (the
 * systemd user unit postmortem-listener.service, or the XDG autostart entry
 * where there is no systemd --user). GLib, sd-journal, the store.
 *
 *   postmortem-listener [--journal-directory DIR] [--type micro|mini|heap|triage]
 *
 * Idle costs nothing: the journal is followed through sd_journal_get_fd ()
 * (inotify) in the GLib main loop and the store through its file monitor;
 * there is no timer and no polling. One instance per session: it owns the
 * bus name io.github.postmortem.Postmortem.Listener and a second one exits.
 * Where it stopped reading is kept in $XDG_STATE_HOME/postmortem/listener-cursor,
 * so crashes that happened while it was not running are imported at start.
 *
 * Notification: org.freedesktop.Application.ActivateAction ("notify-report",
 * [KEY]) on the application's well-known name; the bus starts the
 * application in service mode (no window) if it is not running, and it shows
 * its usual "APP Quit Unexpectedly" notification.
 */
#include "pm-config.h"

#include <errno.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pm-coredump-journal.h"
#include "postmortem.h"

#define LISTENER_BUS_NAME PM_APP_ID ".Listener"

typedef struct
{
  GMainLoop       *loop;
  PmStore         *store;
  sd_journal      *journal;
  char            *directory;
  PmDumperType     type;
  GDBusConnection *bus;
  GHashTable      *known;        /* queued report keys already notified or present at start */
  char            *cursor_path;
  int              status;
  guint            timeout_id;   /* only when sd-journal asks for one (see arm_timeout) */
} Listener;

static char *
app_object_path (void)
{
  /* io.github.postmortem.Postmortem -> /io/github/postmortem/Postmortem */
  g_autofree char *path = g_strdup_printf ("/%s", PM_APP_ID);

  g_strdelimit (path, ".", '/');
  return g_steal_pointer (&path);
}

/* Asks the application to notify about key. Fire and forget: a session
 * without the application installed just has no notification. */
static void
notify_report (Listener   *self,
               const char *key)
{
  g_autofree char *path = app_object_path ();
  GVariantBuilder params;

  if (self->bus == NULL)
    return;
  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&params, "v", g_variant_new_string (key));
  g_dbus_connection_call (self->bus, PM_APP_ID, path, "org.freedesktop.Application", "ActivateAction",
                          g_variant_new ("(sava{sv})", "notify-report", &params, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  g_print ("notified %s\n", key);
}

static void
store_changed_cb (PmStore  *store,
                  Listener *self)
{
  g_autoptr(GPtrArray) keys = pm_store_list_keys (store, PM_REPORT_STATE_QUEUE, NULL);
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (keys == NULL)
    return;
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      g_hash_table_add (now, g_strdup (key));
      if (!g_hash_table_contains (self->known, key))
        notify_report (self, key);
    }
  /* Keys that left the queue are forgotten, so the set stays small. */
  g_hash_table_unref (self->known);
  self->known = g_steal_pointer (&now);
}

static void
save_cursor (Listener *self)
{
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;

  if (sd_journal_get_cursor (self->journal, &cursor) < 0)
    return;
  if (!g_file_set_contents (self->cursor_path, cursor, -1, &error))
    g_printerr ("postmortem-listener: cannot save where it stopped: %s\n", error->message);
}

/* Every entry after the current position: systemd-coredump's records of
 * this user's crashes become reports. */
static void
read_new_entries (Listener *self)
{
  gboolean moved = FALSE;

  while (sd_journal_next (self->journal) > 0)
    {
      g_autoptr(PmCoredumpEntry) e = pm_coredump_journal_read_current (self->journal, getuid (), self->store);
      g_autoptr(GError) error = NULL;
      g_autofree char *key = NULL;
      gboolean added, counted;

      moved = TRUE;
      if (e == NULL || e->report_key != NULL)
        continue;
      key = pm_coredump_journal_import (self->directory, e, self->store, self->type, &added, &counted, &error);
      if (key == NULL)
        g_printerr ("postmortem-listener: crash %s not imported: %s\n", e->id, error->message);
      else
        g_print ("crash %s: %s %s\n", e->id, counted ? "counted in" : "imported as", key);
    }
  if (moved)
    save_cursor (self);
}

static gboolean journal_ready_cb (int fd, GIOCondition condition, gpointer user_data);

static gboolean
journal_timeout_cb (gpointer user_data)
{
  Listener *self = user_data;

  self->timeout_id = 0;
  journal_ready_cb (-1, G_IO_IN, self);
  return G_SOURCE_REMOVE;
}

/* sd-journal can ask to be woken after a while even without an fd event
 * (where inotify cannot see everything); on local journals it never does,
 * and no timer runs. */
static void
arm_timeout (Listener *self)
{
  uint64_t when = UINT64_MAX, now;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (sd_journal_get_timeout (self->journal, &when) < 0 || when == UINT64_MAX)
    return;
  now = (uint64_t) g_get_monotonic_time ();
  self->timeout_id = g_timeout_add ((guint) (when > now ? MIN ((when - now) / 1000 + 1, G_MAXUINT) : 0),
                                    journal_timeout_cb, self);
}

static gboolean
journal_ready_cb (int          fd,
                  GIOCondition condition,
                  gpointer     user_data)
{
  Listener *self = user_data;
  int r = sd_journal_process (self->journal);

  if (r < 0)
    {
      g_printerr ("postmortem-listener: the journal cannot be followed: %s\n", g_strerror (-r));
      self->status = 1;
      g_main_loop_quit (self->loop);
      return G_SOURCE_REMOVE;
    }
  if (r != SD_JOURNAL_NOP)
    read_new_entries (self);
  /* New crashes become reports now; the store's monitor notifies them. */
  store_changed_cb (self->store, self);
  arm_timeout (self);
  return G_SOURCE_CONTINUE;
}

/* Starts after the saved cursor (crashes while we were away), else at the
 * end of the journal (earlier crashes are for `postmortemctl coredumps`). */
static void
seek_start (Listener *self)
{
  g_autofree char *cursor = NULL;

  if (g_file_get_contents (self->cursor_path, &cursor, NULL, NULL) &&
      sd_journal_seek_cursor (self->journal, g_strstrip (cursor)) >= 0 &&
      sd_journal_next (self->journal) > 0 && sd_journal_test_cursor (self->journal, cursor) > 0)
    return;   /* positioned on the last entry read: the next one is new */
  sd_journal_seek_tail (self->journal);
  sd_journal_previous (self->journal);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (((Listener *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  Listener *self = user_data;

  if (connection == NULL)
    return;   /* no session bus: run without the single-instance guard */
  g_printerr ("postmortem-listener: another listener already runs in this session (%s)\n", name);
  g_main_loop_quit (self->loop);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *type_name = NULL;
  GOptionEntry entries[] = {
    { "journal-directory", 'D', 0, G_OPTION_ARG_FILENAME, NULL, "Follow the journal files in this directory", "DIR" },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name, "Dump type of imported crashes (default mini)", "TYPE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *state_dir = NULL;
  Listener self = { 0 };
  guint owner;
  int r;

  /* One line per event, even into a pipe (tests and the journal read it). */
  setvbuf (stdout, NULL, _IOLBF, 0);
  entries[0].arg_data = &self.directory;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("postmortem-listener: %s\n", error->message);
      return 2;
    }
  self.type = PM_DUMPER_TYPE_MINI;
  if (type_name != NULL && pm_dumper_type_from_string (type_name, &self.type) < 0)
    {
      g_printerr ("postmortem-listener: unknown dump type “%s”\n", type_name);
      return 2;
    }
  self.loop = g_main_loop_new (NULL, FALSE);
  self.store = pm_store_open_default (&error);
  if (self.store == NULL)
    {
      g_printerr ("postmortem-listener: %s\n", error->message);
      return 1;
    }
  self.journal = pm_coredump_journal_open (self.directory, &error);
  if (self.journal == NULL)
    {
      g_printerr ("postmortem-listener: %s\n", error->message);
      return 1;
    }
  r = sd_journal_add_match (self.journal, "MESSAGE_ID=" PM_COREDUMP_MESSAGE_ID, 0);
  if (r < 0)
    {
      g_printerr ("postmortem-listener: cannot follow the journal: %s\n", g_strerror (-r));
      return 1;
    }
  state_dir = g_build_filename (g_get_user_state_dir (), "postmortem", NULL);
  g_mkdir_with_parents (state_dir, 0700);
  self.cursor_path = g_build_filename (state_dir, self.directory ? "listener-cursor-dir" : "listener-cursor", NULL);

  self.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (self.bus == NULL)
    g_printerr ("postmortem-listener: no session bus, so no notifications: %s\n", error->message);
  owner = g_bus_own_name (G_BUS_TYPE_SESSION, LISTENER_BUS_NAME, G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                          NULL, NULL, name_lost_cb, &self, NULL);

  /* Reports queued before we start are not news. */
  self.known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    g_autoptr(GPtrArray) keys = pm_store_list_keys (self.store, PM_REPORT_STATE_QUEUE, NULL);
    for (guint i = 0; keys != NULL && i < keys->len; i++)
      g_hash_table_add (self.known, g_strdup (g_ptr_array_index (keys, i)));
  }
  g_signal_connect (self.store, "changed", G_CALLBACK (store_changed_cb), &self);
  if (!pm_store_watch (self.store, &error))
    {
      g_printerr ("postmortem-listener: cannot watch the store: %s\n", error->message);
      return 1;
    }

  seek_start (&self);
  read_new_entries (&self);
  store_changed_cb (self.store, &self);
  r = sd_journal_get_fd (self.journal);
  if (r < 0)
    {
      g_printerr ("postmortem-listener: cannot follow the journal: %s\n", g_strerror (-r));
      return 1;
    }
  {
    int events = sd_journal_get_events (self.journal);   /* POLLIN, as G_IO_IN */

    g_unix_fd_add (r, events > 0 ? (GIOCondition) events : G_IO_IN, journal_ready_cb, &self);
  }
  arm_timeout (&self);
  g_unix_signal_add (SIGTERM, quit_cb, &self);
  g_unix_signal_add (SIGINT, quit_cb, &self);
  g_print ("listening\n");

  g_main_loop_run (self.loop);

  g_clear_handle_id (&self.timeout_id, g_source_remove);
  g_bus_unown_name (owner);
  sd_journal_close (self.journal);
  g_clear_object (&self.bus);
  g_clear_object (&self.store);
  g_hash_table_unref (self.known);
  g_main_loop_unref (self.loop);
  g_free (self.directory);
  g_free (self.cursor_path);
  return self.status;
}
