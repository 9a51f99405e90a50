/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-coredumps.c — postmortemctl coredumps: the crashes systemd-coredump
 * recorded for this user, and their import as reports.
 *
 * Runs in: postmortemctl, an ordinary process (GLib, sd-journal through
 * core/coredump, the store).
 *
 *   postmortemctl coredumps [--journal-directory DIR] [--json]
 *   postmortemctl coredumps --import [--all | ID…] [--type T] [--journal-directory DIR]
 *
 * Lists newest first: ID (PID-SECONDS), time, signal, whether the core is
 * still there, the report it already is, the program. An ID may also be
 * given as a bare PID (the newest crash of that pid). Import is idempotent:
 * a crash already in the store (imported before, or caught by
 * libpostmortem's own handler) is not imported again. Exit status: 0 when
 * every named crash is a report, 1 when one could not be imported (the
 * reason on stderr), 2 for usage.
 */
#include "pm-config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-coredump-journal.h"
#include "pm-crash-report.h"
#include "pm-ctl.h"

static const char *
core_state (const PmCoredumpEntry *e)
{
  switch (e->core)
    {
    case PM_COREDUMP_CORE_FILE: return "present";
    case PM_COREDUMP_CORE_JOURNAL: return "journal";
    case PM_COREDUMP_CORE_MISSING:
    default: return "missing";
    }
}

static char *
format_time (guint64 us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local ((gint64) (us / G_USEC_PER_SEC));

  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

static void
print_json (GPtrArray *entries)
{
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < entries->len; i++)
    {
      const PmCoredumpEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc ((gint64) (e->timestamp_us / G_USEC_PER_SEC));
      g_autofree char *iso = t ? g_date_time_format_iso8601 (t) : NULL;
      char sig[32];

      g_string_append (out, i ? ",\n " : "\n ");
      g_string_append (out, "{\"id\": ");
      pm_ctl_json_string (out, e->id, -1);
      g_string_append_printf (out, ", \"pid\": %" G_GINT64_FORMAT ", \"uid\": %" G_GINT64_FORMAT
                              ", \"signal\": %d, \"signal_name\": ", e->pid, e->uid, e->signal);
      pm_ctl_json_string (out, pm_crash_signal_name (e->signal, sig, sizeof sig), -1);
      g_string_append_printf (out, ", \"timestamp_usec\": %" G_GUINT64_FORMAT ", \"time\": ", e->timestamp_us);
      pm_ctl_json_string (out, iso, -1);
      g_string_append (out, ", \"exe\": ");
      pm_ctl_json_string (out, e->exe, -1);
      g_string_append (out, ", \"comm\": ");
      pm_ctl_json_string (out, e->comm, -1);
      g_string_append (out, ", \"flatpak_app\": ");
      pm_ctl_json_string (out, e->flatpak_app, -1);
      g_string_append (out, ", \"core\": ");
      pm_ctl_json_string (out, core_state (e), -1);
      g_string_append (out, ", \"core_file\": ");
      pm_ctl_json_string (out, e->filename, -1);
      g_string_append (out, ", \"report\": ");
      pm_ctl_json_string (out, e->report_key, -1);
      g_string_append (out, "}");
    }
  g_string_append (out, entries->len ? "\n]\n" : "]\n");
  fputs (out->str, stdout);
}

static void
print_table (GPtrArray *entries)
{
  if (entries->len == 0)
    {
      printf (_("No crashes recorded by systemd-coredump for this user.\n"));
      return;
    }
  printf ("%-20s %-19s %-8s %-7s %-6s %s\n", _("ID"), _("TIME"), _("SIGNAL"), _("CORE"), _("REPORT"), _("PROGRAM"));
  for (guint i = 0; i < entries->len; i++)
    {
      const PmCoredumpEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *when = format_time (e->timestamp_us);
      char sig[32];

      printf ("%-20s %-19s %-8s %-7s %-6s %s%s%s%s\n", e->id, when,
              pm_crash_signal_name (e->signal, sig, sizeof sig), core_state (e),
              e->report_key ? _("yes") : _("no"),
              e->exe ? e->exe : e->comm ? e->comm : "?",
              e->flatpak_app ? " (Flatpak " : "", e->flatpak_app ? e->flatpak_app : "",
              e->flatpak_app ? ")" : "");
    }
}

static PmCoredumpEntry *
find_entry (GPtrArray  *entries,
            const char *id)
{
  /* Newest first: a bare PID names the newest crash of that pid. */
  for (guint i = 0; i < entries->len; i++)
    {
      PmCoredumpEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, e->pid);

      if (g_strcmp0 (e->id, id) == 0 || g_strcmp0 (pid, id) == 0)
        return e;
    }
  return NULL;
}

/* Imports one entry; prints what became of it. Returns FALSE on failure. */
static gboolean
import_one (const char      *directory,
            PmCoredumpEntry *e,
            PmStore         *store,
            PmDumperType     type)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gboolean added = FALSE, counted = FALSE;

  key = pm_coredump_journal_import (directory, e, store, type, &added, &counted, &error);
  if (key == NULL)
    {
      fprintf (stderr, _("postmortemctl: crash %s not imported: %s\n"), e->id, error->message);
      return FALSE;
    }
  if (counted)
    printf (_("%s: counted in %s (the same problem, already queued)\n"), e->id, key);
  else
    printf (added ? _("%s: imported as %s\n") : _("%s: already a report, %s\n"), e->id, key);
  return TRUE;
}

int
pm_ctl_coredumps (int argc, char **argv)
{
  g_autofree char *directory = NULL;
  g_autofree char *type_name = NULL;
  g_auto(GStrv) ids = NULL;
  gboolean json = FALSE, import = FALSE, all = FALSE;
  GOptionEntry options[] = {
    { "journal-directory", 'D', 0, G_OPTION_ARG_FILENAME, &directory, N_("Read the journal files in this directory"), "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "import", 0, 0, G_OPTION_ARG_NONE, &import, N_("Import crashes as reports"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("With --import: every crash not yet a report"), NULL },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name, N_("Dump type: micro, mini (default), heap or triage"), "TYPE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &ids, NULL, "ID…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[ID…]");
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PmDumperType type = PM_DUMPER_TYPE_MINI;
  guint failed = 0;

  g_option_context_add_main_entries (context, options, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pm_ctl_usage ("coredumps", "%s", error->message);
  if (type_name != NULL && pm_dumper_type_from_string (type_name, &type) < 0)
    return pm_ctl_usage ("coredumps", _("unknown dump type “%s” (micro, mini, heap or triage)"), type_name);
  if (!import && (all || ids != NULL))
    return pm_ctl_usage ("coredumps", _("--all and IDs go with --import"));
  if (import && all == (ids != NULL))
    return pm_ctl_usage ("coredumps", _("--import needs either --all or the IDs of crashes"));

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);
  entries = pm_coredump_journal_list (directory, getuid (), store, &error);
  if (entries == NULL)
    return pm_ctl_fail ("%s", error->message);

  if (!import)
    {
      if (json)
        print_json (entries);
      else
        print_table (entries);
      return 0;
    }
  if (all)
    {
      /* Oldest first: the first crash of a problem becomes its report, the
       * ones after it are counted there (the store's flood counter). */
      for (guint i = entries->len; i-- > 0;)
        {
          PmCoredumpEntry *e = g_ptr_array_index (entries, i);

          if (e->report_key != NULL)
            continue;
          if (e->core == PM_COREDUMP_CORE_MISSING)
            {
              /* Listed, but there is nothing to import: say so, not an error. */
              fprintf (stderr, _("postmortemctl: crash %s skipped: its core was not kept\n"), e->id);
              continue;
            }
          if (!import_one (directory, e, store, type))
            failed++;
        }
      return failed ? PM_CTL_EXIT_FAILURE : 0;
    }
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PmCoredumpEntry *e = find_entry (entries, ids[i]);

      if (e == NULL)
        {
          fprintf (stderr, _("postmortemctl: no crash %s of this user in the journal\n"), ids[i]);
          failed++;
          continue;
        }
      if (!import_one (directory, e, store, type))
        failed++;
    }
  return failed ? PM_CTL_EXIT_FAILURE : 0;
}
